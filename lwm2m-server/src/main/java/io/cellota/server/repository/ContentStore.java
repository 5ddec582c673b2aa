package io.cellota.server.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Package content, addressed by its SHA-256. An upload is first <em>staged</em> (streamed into the store,
 * hashed and counted, and held apart until checked), then <em>published</em> under its digest or
 * discarded. A blob under a digest name is always complete and never changes; identical content is stored
 * once.
 */
public interface ContentStore {

    /**
     * Streams {@code content} into a staging file, hashing it, and stops as soon as it passes {@code maxSize}.
     *
     * @throws RepositoryException {@code TOO_LARGE} past the limit, {@code INCOMPLETE} when {@code content}
     *                             fails, {@code STORAGE} when the store cannot write; nothing is left behind
     */
    Staged stage(InputStream content, long maxSize) throws RepositoryException;

    /**
     * Makes staged content readable under its digest, reusing an identical blob already there.
     *
     * @throws RepositoryException {@code STORAGE} when the store cannot write
     */
    void publish(Staged staged) throws RepositoryException;

    /** The blob with this SHA-256 (64 lower-case hex digits), if stored. */
    Optional<Path> find(String sha256);

    /** Removes the blob with this SHA-256, if stored. */
    void delete(String sha256) throws IOException;

    /** An upload that is stored but not yet published; closing it discards it unless it was published. */
    interface Staged extends AutoCloseable {

        /** The staging file, for checks that read it before it is published. */
        Path file();

        long size();

        /** The SHA-256 of the content, 64 lower-case hex digits. */
        String sha256();

        @Override
        void close();
    }
}
