package io.cellota.server.update.jdbc;

/**
 * A stored update document cannot be read back: not JSON, another format, a field missing, unknown, of the
 * wrong type or out of range, or values that {@link io.cellota.server.update.DeviceUpdate} refuses. The
 * message names the field by its JSON path, e.g. {@code $.plan.protocol}. Never answered with a default: a
 * document that does not say exactly what it means is a bug or damage, and must be seen.
 */
public final class CorruptDocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The document is corrupt at {@code path}, as {@code problem} says. */
    public CorruptDocumentException(String path, String problem) {
        super(path + ": " + problem);
    }

    /** The document is corrupt at {@code path}, found by {@code cause}. */
    public CorruptDocumentException(String path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
    }
}
