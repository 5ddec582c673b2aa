package io.cellota.device.download;

import java.util.Optional;

/** How a download ended: complete, or failed for a reason that maps onto an Object 5 Update Result. */
public sealed interface DownloadOutcome {

    /** Every byte is durably in the sink. */
    record Completed(long size, Optional<byte[]> etag) implements DownloadOutcome {
        public Completed {
            etag = etag.map(byte[]::clone);
        }
    }

    /** The download stopped; the progress persisted so far stays valid for a resume unless said otherwise. */
    record Failed(Failure failure, String message) implements DownloadOutcome {
    }

    /** Why a download failed, named by the Object 5 Update Result a device reports for it. */
    enum Failure {
        /** UR 2: the package is larger than the slot (known from Size2 / Content-Length, or by overflow). */
        TOO_LARGE(2),
        /** UR 3: storage failed or ran out while writing. */
        OUT_OF_STORAGE(3),
        /** UR 4: the server stopped answering (all retries of a block used up, or the deadline passed). */
        CONNECTION_LOST(4),
        /** UR 5: the server answered with inconsistent data (block size, sizes), or the resource changed. */
        INTEGRITY(5),
        /** UR 7: the URI is malformed, unknown to the server (4.04 / 404) or forbidden (4.01, 4.03 / 401, 403). */
        INVALID_URI(7),
        /** UR 9: the URI's scheme is one the device does not support. */
        UNSUPPORTED_PROTOCOL(9),
        /** UR 10: the download was cancelled (Cancel resource, or a reset write). */
        CANCELLED(10);

        private final int updateResult;

        Failure(int updateResult) {
            this.updateResult = updateResult;
        }

        /** The Object 5 Update Result code a device reports for this failure. */
        public int updateResult() {
            return updateResult;
        }
    }
}
