package io.cellota.device.download;

import java.net.URI;

/**
 * Fetches a package URI into a sink, resuming from persisted progress when the resource is unchanged. One
 * implementation per protocol family (CoAP/CoAPs, HTTP/HTTPS).
 */
public interface Downloader {

    /** Whether this downloader handles {@code uri}'s scheme. */
    boolean supports(URI uri);

    /**
     * Starts downloading {@code uri} into {@code sink}. If {@code progress} holds progress for the same URI, the
     * download resumes from its first missing block once the server confirms the same ETag, and starts over
     * (after {@link BlockSink#reset()}) otherwise. Progress is saved after the sink is flushed.
     */
    Download start(URI uri, BlockSink sink, ProgressStore progress, DownloadListener listener);
}
