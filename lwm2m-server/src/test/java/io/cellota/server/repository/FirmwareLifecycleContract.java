package io.cellota.server.repository;

import static io.cellota.firmware.testkit.ReferenceImages.ECDSA_P256;
import static io.cellota.firmware.testkit.ReferenceImages.ED25519_SECCNT7;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cellota.firmware.testkit.ReferenceImages;
import io.cellota.server.repository.RepositoryException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * What happens to stored packages: they survive a restart, are listed newest first, are served to delivery,
 * share content, are deleted only when unused, and concurrent uploads of one content store it once. Run on
 * H2 ({@link FirmwareLifecycleTest}) and PostgreSQL ({@link FirmwareLifecyclePostgresIT}).
 */
abstract class FirmwareLifecycleContract extends RepositoryFixture {

    private static final int UPLOADERS = 8;

    @Test
    void a_restart_loses_nothing() throws Exception {
        FirmwarePackage image = upload(ED25519_SECCNT7);
        byte[] delta = randomContent(40_000, 1);
        FirmwarePackage opaque = upload(delta, UploadRequest.opaque("modem", "1.3.6"));

        restart();

        assertThat(repository.find(image.id())).contains(image);
        assertThat(repository.find(opaque.id())).contains(opaque);
        assertThat(repository.list(PageRequest.first(10))).containsExactly(opaque, image);
        assertThat(repository.file(image.id())).hasValueSatisfying(
                file -> assertThat(file.path()).hasBinaryContent(ReferenceImages.bytes(ED25519_SECCNT7)));
        assertThat(repository.file(opaque.id())).hasValueSatisfying(
                file -> assertThat(file.path()).hasBinaryContent(delta));
    }

    @Test
    void delivery_gets_the_stored_file_with_its_size_and_sha256() throws Exception {
        FirmwarePackage pkg = upload(ECDSA_P256);

        PackageFile file = repository.file(pkg.id()).orElseThrow();

        assertThat(file.packageId()).isEqualTo(pkg.id());
        assertThat(file.path()).hasBinaryContent(ReferenceImages.bytes(ECDSA_P256));
        assertThat(file.size()).isEqualTo(pkg.size());
        assertThat(file.sha256Hex()).isEqualTo(pkg.sha256());
        assertThat(repository.file("fw-aaaaaaaaaaaaaaaa")).isEmpty();
        assertThat(repository.file("../../etc/passwd")).isEmpty();
    }

    @Test
    void the_listing_is_newest_first_a_page_at_a_time() throws Exception {
        List<FirmwarePackage> uploaded = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            uploaded.add(upload(randomContent(100, i), UploadRequest.opaque("modem", "v" + i)));
        }

        PageRequest first = PageRequest.first(2);

        assertThat(repository.list(first)).containsExactly(uploaded.get(4), uploaded.get(3));
        assertThat(repository.list(first.next())).containsExactly(uploaded.get(2), uploaded.get(1));
        assertThat(repository.list(first.next().next())).containsExactly(uploaded.get(0));
        assertThat(repository.list(first.withOffset(5))).isEmpty();
        assertThat(repository.count()).isEqualTo(5);
    }

    @Test
    void a_package_in_use_cannot_be_deleted() throws Exception {
        FirmwarePackage pkg = upload(ECDSA_P256);
        inUse.add(pkg.id());

        RepositoryException refusal = refusal(() -> repository.delete(pkg.id()));

        assertThat(refusal.reason()).isEqualTo(Reason.IN_USE);
        assertThat(refusal.getMessage()).contains(pkg.id());
        assertThat(repository.find(pkg.id())).contains(pkg);
        assertThat(repository.file(pkg.id())).isPresent();
    }

    @Test
    void a_deleted_package_and_its_content_are_gone() throws Exception {
        FirmwarePackage pkg = upload(ECDSA_P256);

        repository.delete(pkg.id());

        assertThat(repository.find(pkg.id())).isEmpty();
        assertThat(repository.file(pkg.id())).isEmpty();
        assertNothingStored();
        assertThat(refusal(() -> repository.delete(pkg.id())).reason()).isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void deleting_what_does_not_exist_is_not_found() {
        assertThat(refusal(() -> repository.delete("fw-aaaaaaaaaaaaaaaa")).reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(refusal(() -> repository.delete("'; DROP TABLE firmware_package; --")).reason())
                .isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void packages_sharing_content_keep_it_until_the_last_of_them_is_deleted() throws Exception {
        byte[] image = ReferenceImages.bytes(ECDSA_P256);
        FirmwarePackage asImage = upload(ECDSA_P256);
        FirmwarePackage asOpaque = upload(image, UploadRequest.opaque("archive", "1.2.3"));
        assertThat(asOpaque.sha256()).isEqualTo(asImage.sha256());
        assertThat(blobs()).containsExactly(asImage.sha256());

        repository.delete(asImage.id());

        assertThat(blobs()).containsExactly(asImage.sha256());
        assertThat(repository.file(asOpaque.id())).hasValueSatisfying(
                file -> assertThat(file.path()).hasBinaryContent(image));

        repository.delete(asOpaque.id());

        assertNothingStored();
    }

    @Test
    void the_same_package_uploaded_again_is_a_duplicate_naming_the_first() throws Exception {
        FirmwarePackage first = upload(ECDSA_P256);

        RepositoryException refusal = refusal(() -> upload(ECDSA_P256));

        assertThat(refusal.reason()).isEqualTo(Reason.DUPLICATE);
        assertThat(refusal.existingPackageId()).contains(first.id());
        assertThat(refusal.getMessage()).contains(first.id());
        assertThat(repository.list(PageRequest.first(10))).containsExactly(first);
        assertThat(stagingFiles()).isEmpty();
    }

    @Test
    void a_deleted_package_can_be_uploaded_again() throws Exception {
        FirmwarePackage first = upload(ECDSA_P256);
        repository.delete(first.id());

        FirmwarePackage again = upload(ECDSA_P256);

        assertThat(again.id()).isNotEqualTo(first.id());
        assertThat(repository.file(again.id())).isPresent();
    }

    @Test
    void concurrent_uploads_of_the_same_package_store_it_once_and_name_it_to_the_others() throws Exception {
        List<Object> outcomes = concurrently(i -> () -> upload(ECDSA_P256));

        List<FirmwarePackage> stored = outcomes.stream().filter(FirmwarePackage.class::isInstance)
                .map(FirmwarePackage.class::cast).toList();
        assertThat(stored).hasSize(1);
        String winner = stored.get(0).id();
        assertThat(outcomes).filteredOn(RepositoryException.class::isInstance).hasSize(UPLOADERS - 1)
                .allSatisfy(o -> {
                    RepositoryException refusal = (RepositoryException) o;
                    assertThat(refusal.reason()).isEqualTo(Reason.DUPLICATE);
                    assertThat(refusal.existingPackageId()).contains(winner);
                });
        assertThat(repository.count()).isOne();
        assertThat(blobs()).hasSize(1);
        assertThat(stagingFiles()).isEmpty();
    }

    @Test
    void concurrent_uploads_of_one_content_under_different_names_share_one_blob() throws Exception {
        byte[] content = randomContent(300_000, 7);

        List<Object> outcomes = concurrently(i -> () -> upload(content, UploadRequest.opaque("name-" + i, "1")));

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(FirmwarePackage.class));
        assertThat(repository.count()).isEqualTo(UPLOADERS);
        assertThat(blobs()).containsExactly(FileContentStoreTest.sha256(content));
        assertThat(stagingFiles()).isEmpty();
    }

    @Test
    void an_upload_racing_the_delete_of_its_content_keeps_the_content() throws Exception {
        FirmwarePackage old = upload(ECDSA_P256);
        PausingDelete store = new PausingDelete(new FileContentStore(contentDir()));
        repository = repository(trusting("ecdsa-p256"), store);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> delete = threads.submit(() -> {
                repository.delete(old.id());
                return null;
            });
            store.deleting.await(30, TimeUnit.SECONDS);
            Thread[] uploader = new Thread[1];
            Future<FirmwarePackage> upload = threads.submit(() -> {
                uploader[0] = Thread.currentThread();
                return upload(ReferenceImages.bytes(ECDSA_P256), UploadRequest.mcuboot().withName("new"));
            });
            // the upload either waits for the delete to finish, or (were it not locked out) publishes meanwhile
            await().atMost(Duration.ofSeconds(30)).until(() -> store.published.get()
                    || uploader[0] != null && uploader[0].getState() == Thread.State.WAITING);
            store.release.countDown();
            delete.get(30, TimeUnit.SECONDS);
            FirmwarePackage fresh = upload.get(30, TimeUnit.SECONDS);

            assertThat(repository.file(fresh.id())).hasValueSatisfying(
                    file -> assertThat(file.path()).hasBinaryContent(ReferenceImages.bytes(ECDSA_P256)));
        } finally {
            threads.shutdownNow();
        }
    }

    /** A content store whose deletes pause until released, to interleave an upload with a delete. */
    private static final class PausingDelete implements ContentStore {
        final CountDownLatch deleting = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean published = new AtomicBoolean();
        private final ContentStore store;

        PausingDelete(ContentStore store) {
            this.store = store;
        }

        @Override
        public Staged stage(InputStream content, long maxSize) throws RepositoryException {
            return store.stage(content, maxSize);
        }

        @Override
        public void publish(Staged staged) throws RepositoryException {
            published.set(true);
            store.publish(staged);
        }

        @Override
        public Optional<Path> find(String sha256) {
            return store.find(sha256);
        }

        @Override
        public void delete(String sha256) throws IOException {
            deleting.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store.delete(sha256);
        }
    }

    /** Runs {@link #UPLOADERS} uploads at once; each outcome is the package or the refusal. */
    private List<Object> concurrently(IntFunction<Callable<FirmwarePackage>> uploads) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(UPLOADERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < UPLOADERS; i++) {
                Callable<FirmwarePackage> upload = uploads.apply(i);
                futures.add(threads.submit(() -> {
                    start.await();
                    try {
                        return upload.call();
                    } catch (RepositoryException e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : futures) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }
}
