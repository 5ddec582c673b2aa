package io.cellota.server.repository;

import io.cellota.firmware.image.ImageVersion;
import io.cellota.server.repository.RepositoryException.Reason;
import io.cellota.server.store.Database;
import io.cellota.server.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The firmware repository: uploads are streamed into the {@link ContentStore} (size-limited), checked while
 * still staged (MCUboot images parsed and verified against the trusted keys, other types accepted as
 * declared), then published under their SHA-256 and recorded in the database. A rejected upload leaves no
 * blob and no row. Deleting is refused while {@link PackageUsage} says a package is needed; a blob goes with
 * the last package that references it.
 *
 * <p>Duplicates: the same content uploaded again with the same type, name and version is refused as
 * {@link Reason#DUPLICATE}, naming the existing package, so a retried upload is harmless. The same content
 * under another name or version is a new package sharing the blob.
 *
 * <p>Thread-safe. Publishing (blob and row) and deleting (row and blob) run under one lock, so an upload
 * cannot reuse a blob that a concurrent delete is removing; streaming and checking happen outside it. Reads
 * ({@link #find}, {@link #list}, {@link #file}) throw {@link StoreException} if the database fails.
 */
public final class FirmwareRepository implements PackageFiles {

    /** The name of an MCUboot package uploaded without one. */
    public static final String DEFAULT_MCUBOOT_NAME = "mcuboot";

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareRepository.class);

    private final JdbcFirmwareCatalog catalog;
    private final ContentStore store;
    private final RepositoryConfig config;
    private final McubootCheck mcuboot;
    private final PackageUsage usage;
    private final Clock clock;
    private final PackageIds ids = new PackageIds();
    private final ReentrantLock publishing = new ReentrantLock();

    public FirmwareRepository(Database database, ContentStore store, RepositoryConfig config, PackageUsage usage,
                              Clock clock) {
        this.catalog = new JdbcFirmwareCatalog(Objects.requireNonNull(database, "database"));
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.mcuboot = new McubootCheck(config.trustedKeys());
        this.usage = Objects.requireNonNull(usage, "usage");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Stores the package in {@code body}, read to its end (but never past the size limit).
     *
     * @param uploadedBy who is uploading, as authenticated by the caller
     * @throws RepositoryException naming why the package was refused; nothing is then stored
     */
    public FirmwarePackage upload(InputStream body, UploadRequest request, String uploadedBy)
            throws RepositoryException {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(request, "request");
        if (uploadedBy == null || uploadedBy.isBlank()) {
            throw new IllegalArgumentException("uploadedBy is required");
        }
        try {
            FirmwarePackage pkg = store(body, DeclaredMetadata.check(request), uploadedBy);
            LOG.info("Stored package {}: {} {} {}, {} bytes, sha256 {}{}, uploaded by {}", pkg.id(),
                    pkg.type().label(), pkg.name(), pkg.version(), pkg.size(), pkg.sha256(),
                    pkg.signer().map(s -> ", signed by " + s).orElse(""), pkg.uploadedBy());
            return pkg;
        } catch (RepositoryException e) {
            LOG.info("Refused a {} upload by {}: {} ({})", request.type().label(), uploadedBy, e.reason(),
                    e.getMessage());
            throw e;
        }
    }

    private FirmwarePackage store(InputStream body, DeclaredMetadata declared, String uploadedBy)
            throws RepositoryException {
        try (ContentStore.Staged staged = store.stage(body, config.maxPackageSize())) {
            if (staged.size() == 0) {
                throw new RepositoryException(Reason.EMPTY, "the upload is empty");
            }
            FirmwarePackage pkg = switch (declared.type()) {
                case MCUBOOT -> describeImage(staged, declared.name(), declared.imageVersion(), uploadedBy);
                case OPAQUE -> newPackage(PackageType.OPAQUE, declared.name().orElseThrow(),
                        declared.version().orElseThrow(), staged, Optional.empty(), OptionalLong.empty(), uploadedBy);
            };
            publish(pkg, staged);
            return pkg;
        }
    }

    private FirmwarePackage describeImage(ContentStore.Staged staged, Optional<String> name,
                                          Optional<ImageVersion> declaredVersion, String uploadedBy)
            throws RepositoryException {
        McubootCheck.Verified image = mcuboot.verify(staged.file());
        if (declaredVersion.isPresent() && declaredVersion.get().compareIncludingBuild(image.version()) != 0) {
            throw new RepositoryException(Reason.VERSION_MISMATCH, "the declared version " + declaredVersion.get()
                    + " is not the image's version " + image.version());
        }
        return newPackage(PackageType.MCUBOOT, name.orElse(DEFAULT_MCUBOOT_NAME), image.version().toString(),
                staged, image.signer(), image.securityCounter(), uploadedBy);
    }

    private FirmwarePackage newPackage(PackageType type, String name, String version, ContentStore.Staged staged,
                                       Optional<String> signer, OptionalLong securityCounter, String uploadedBy) {
        // the databases keep microseconds; truncating here makes the returned package equal the stored one
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return new FirmwarePackage(ids.next(), type, name, version, staged.size(), staged.sha256(), signer,
                securityCounter, uploadedBy, now);
    }

    private void publish(FirmwarePackage pkg, ContentStore.Staged staged) throws RepositoryException {
        publishing.lock();
        try {
            Optional<FirmwarePackage> same = catalog.findSame(pkg);
            if (same.isPresent()) {
                throw duplicate(same.get());
            }
            store.publish(staged);
            try {
                catalog.insert(pkg);
            } catch (StoreException e) {
                if (e.isUniqueViolation()) {
                    Optional<FirmwarePackage> winner = catalog.findSame(pkg);
                    if (winner.isPresent()) {
                        throw duplicate(winner.get());
                    }
                }
                deleteUnreferenced(pkg.sha256());
                throw new RepositoryException(Reason.STORAGE, "cannot record the package: " + e.getMessage(), e);
            }
        } catch (StoreException e) {
            throw new RepositoryException(Reason.STORAGE, "cannot record the package: " + e.getMessage(), e);
        } finally {
            publishing.unlock();
        }
    }

    private static RepositoryException duplicate(FirmwarePackage existing) {
        return RepositoryException.duplicate(existing.id(), "this content is stored already as package "
                + existing.id() + " (" + existing.type().label() + " " + existing.name() + " " + existing.version()
                + ")");
    }

    /** The package {@code id}; empty when there is none (including ids that are not well-formed). */
    public Optional<FirmwarePackage> find(String id) {
        return PackageIds.isWellFormed(id) ? catalog.find(id) : Optional.empty();
    }

    /** One page of the packages, newest first. */
    public List<FirmwarePackage> list(PageRequest page) {
        return catalog.list(page);
    }

    /** How many packages are stored. */
    public long count() {
        return catalog.count();
    }

    /**
     * Deletes the package {@code id}, and its content unless another package shares it.
     *
     * @throws RepositoryException {@code NOT_FOUND}, {@code IN_USE}, or {@code STORAGE}
     */
    public void delete(String id) throws RepositoryException {
        FirmwarePackage pkg = find(id).orElseThrow(() -> notFound(id));
        if (usage.inUse(id)) {
            throw new RepositoryException(Reason.IN_USE, "package " + id + " is in use and cannot be deleted");
        }
        publishing.lock();
        try {
            OptionalLong remaining = catalog.delete(pkg);
            if (remaining.isEmpty()) {
                throw notFound(id);
            }
            if (remaining.getAsLong() == 0) {
                deleteContent(pkg.sha256());
            }
        } catch (StoreException e) {
            throw new RepositoryException(Reason.STORAGE, "cannot delete package " + id + ": " + e.getMessage(), e);
        } finally {
            publishing.unlock();
        }
        LOG.info("Deleted package {} ({} {} {})", id, pkg.type().label(), pkg.name(), pkg.version());
    }

    private static RepositoryException notFound(String id) {
        return new RepositoryException(Reason.NOT_FOUND, "no package " + id);
    }

    @Override
    public Optional<PackageFile> file(String packageId) {
        return find(packageId).flatMap(pkg -> {
            Optional<PackageFile> file = store.find(pkg.sha256())
                    .map(path -> new PackageFile(pkg.id(), path, pkg.size(), pkg.sha256Bytes()));
            if (file.isEmpty()) {
                LOG.error("The content {} of package {} is missing from the store", pkg.sha256(), pkg.id());
            }
            return file;
        });
    }

    private void deleteUnreferenced(String sha256) {
        try {
            if (catalog.references(sha256) == 0) {
                deleteContent(sha256);
            }
        } catch (StoreException e) {
            LOG.warn("Cannot tell whether content {} is still needed; keeping it: {}", sha256, e.getMessage());
        }
    }

    /** Removes a blob no row references; a failure only leaves an unreferenced blob behind. */
    private void deleteContent(String sha256) {
        try {
            store.delete(sha256);
        } catch (IOException e) {
            LOG.warn("Cannot delete content {}, which no package references any more: {}", sha256, e.toString());
        }
    }
}
