package io.cellota.device.download;

/** Progress callbacks from a running download, called from the downloader's threads; must not block. */
public interface DownloadListener {

    /** {@code bytes} of {@code total} (or -1 if unknown) are durably received. */
    default void onProgress(long bytes, long total) {
    }

    DownloadListener NONE = new DownloadListener() {
    };
}
