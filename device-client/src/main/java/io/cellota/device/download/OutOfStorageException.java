package io.cellota.device.download;

import java.io.IOException;

/** Storage ran out during a download: Object 5 Update Result 3 ("out of storage" in our reading of it). */
public final class OutOfStorageException extends IOException {

    private static final long serialVersionUID = 1L;

    public OutOfStorageException(String message) {
        super(message);
    }
}
