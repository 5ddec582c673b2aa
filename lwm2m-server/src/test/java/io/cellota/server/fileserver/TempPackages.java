package io.cellota.server.fileserver;

import io.cellota.server.repository.PackageFile;
import io.cellota.server.repository.PackageFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link PackageFiles} for tests over a directory: each package a content-addressed file named by its
 * SHA-256, as the repository stores them. Counts lookups.
 */
final class TempPackages implements PackageFiles {

    private final Path directory;
    private final Map<String, PackageFile> packages = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();

    TempPackages(Path directory) {
        this.directory = directory;
    }

    /** Stores {@code bytes} as package {@code id}, replacing an earlier one of that id. */
    PackageFile add(String id, byte[] bytes) {
        byte[] sha256 = sha256(bytes);
        Path path = directory.resolve(HexFormat.of().formatHex(sha256) + ".bin");
        try {
            Files.write(path, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PackageFile file = new PackageFile(id, path, bytes.length, sha256);
        packages.put(id, file);
        return file;
    }

    /** Lists a package whose file does not exist. */
    PackageFile addMissing(String id) {
        PackageFile file = new PackageFile(id, directory.resolve("missing-" + id), 100, new byte[32]);
        packages.put(id, file);
        return file;
    }

    @Override
    public Optional<PackageFile> file(String packageId) {
        lookups.incrementAndGet();
        return Optional.ofNullable(packages.get(packageId));
    }

    int lookups() {
        return lookups.get();
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
