package io.cellota.device.download;

import java.util.concurrent.CompletionStage;

/** A running download: its eventual outcome, and a way to stop it. */
public interface Download {

    /** Completes once with the outcome; never completes exceptionally. */
    CompletionStage<DownloadOutcome> outcome();

    /** Stops the download; its outcome becomes {@link DownloadOutcome.Failure#CANCELLED} unless already done. */
    void cancel();
}
