package io.cellota.device.fota;

import io.cellota.device.download.BlockSink;
import io.cellota.device.download.Download;
import io.cellota.device.download.DownloadListener;
import io.cellota.device.download.DownloadOutcome;
import io.cellota.device.download.DownloadProgress;
import io.cellota.device.download.Downloader;
import io.cellota.device.download.OutOfStorageException;
import io.cellota.device.download.ProgressStore;
import io.cellota.firmware.image.ImageSource;
import io.cellota.firmware.image.ImageVersion;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** In-memory stand-ins for the update logic's collaborators. */
final class FotaFakes {

    private FotaFakes() {
    }

    /** A slot in memory, erased to 0xff. */
    static final class MemorySlot implements BlockSink, ImageSource {
        private final byte[] bytes;
        private final long capacity;
        volatile int resets;

        MemorySlot(int size, long capacity) {
            this.bytes = new byte[size];
            this.capacity = capacity;
            Arrays.fill(bytes, (byte) 0xff);
        }

        @Override
        public long capacity() {
            return capacity;
        }

        @Override
        public synchronized void write(long offset, ByteBuffer data) throws IOException {
            if (offset + data.remaining() > capacity) {
                throw new OutOfStorageException("past the slot");
            }
            data.get(bytes, (int) offset, data.remaining());
        }

        @Override
        public void flush() {
        }

        @Override
        public synchronized void reset() {
            Arrays.fill(bytes, (byte) 0xff);
            resets++;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public synchronized void read(long position, byte[] target, int offset, int length) {
            System.arraycopy(bytes, (int) position, target, offset, length);
        }
    }

    static final class MemoryStateStore implements FotaStateStore {
        final List<FotaState> saved = new CopyOnWriteArrayList<>();

        @Override
        public Optional<FotaState> load() {
            return saved.isEmpty() ? Optional.empty() : Optional.of(saved.get(saved.size() - 1));
        }

        @Override
        public void save(FotaState state) {
            saved.add(state);
        }
    }

    static final class MemoryProgressStore implements ProgressStore {
        volatile DownloadProgress progress;
        volatile int clears;

        @Override
        public Optional<DownloadProgress> load() {
            return Optional.ofNullable(progress);
        }

        @Override
        public void save(DownloadProgress p) {
            progress = p;
        }

        @Override
        public void clear() {
            progress = null;
            clears++;
        }
    }

    /**
     * A downloader whose behaviour the test scripts: by default it writes {@code content} into the sink and
     * completes; a held download completes only when released or cancelled.
     */
    static final class ScriptedDownloader implements Downloader {
        final List<URI> started = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<DownloadOutcome>> outcomes = new CopyOnWriteArrayList<>();
        volatile Function<BlockSink, DownloadOutcome> script;
        volatile boolean hold;
        private final Set<String> schemes;

        ScriptedDownloader(Set<String> schemes, byte[] content) {
            this.schemes = schemes;
            serving(content);
        }

        void serving(byte[] content) {
            script = sink -> {
                try {
                    sink.write(0, ByteBuffer.wrap(content));
                    sink.flush();
                    return new DownloadOutcome.Completed(content.length, Optional.empty());
                } catch (OutOfStorageException e) {
                    return new DownloadOutcome.Failed(DownloadOutcome.Failure.OUT_OF_STORAGE, e.getMessage());
                } catch (IOException e) {
                    return new DownloadOutcome.Failed(DownloadOutcome.Failure.OUT_OF_STORAGE, e.getMessage());
                }
            };
        }

        void failing(DownloadOutcome.Failure failure) {
            script = sink -> new DownloadOutcome.Failed(failure, "scripted " + failure);
        }

        @Override
        public boolean supports(URI uri) {
            return schemes.contains(uri.getScheme());
        }

        @Override
        public Download start(URI uri, BlockSink sink, ProgressStore progress, DownloadListener listener) {
            started.add(uri);
            CompletableFuture<DownloadOutcome> outcome = new CompletableFuture<>();
            outcomes.add(outcome);
            if (!hold) {
                outcome.complete(script.apply(sink));
            }
            return new Download() {
                @Override
                public CompletionStage<DownloadOutcome> outcome() {
                    return outcome;
                }

                @Override
                public void cancel() {
                    outcome.complete(new DownloadOutcome.Failed(DownloadOutcome.Failure.CANCELLED, "cancelled"));
                }
            };
        }

        void release(BlockSink sink) {
            outcomes.get(outcomes.size() - 1).complete(script.apply(sink));
        }
    }

    static final class FakeBoot implements BootControl {
        volatile Optional<ImageVersion> running;
        volatile OptionalLong counter = OptionalLong.empty();
        final List<Boolean> upgradeRequests = new CopyOnWriteArrayList<>();
        volatile boolean confirmed = true;

        FakeBoot(String version) {
            running = Optional.of(ImageVersion.parse(version));
        }

        @Override
        public Optional<ImageVersion> runningVersion() {
            return running;
        }

        @Override
        public OptionalLong runningSecurityCounter() {
            return counter;
        }

        @Override
        public void requestUpgrade(boolean permanent) {
            upgradeRequests.add(permanent);
        }

        @Override
        public void confirm() {
            confirmed = true;
        }

        @Override
        public boolean isConfirmed() {
            return confirmed;
        }
    }

    static final class RecordingRuntime implements DeviceRuntime {
        final List<String> reboots = new CopyOnWriteArrayList<>();

        @Override
        public void reboot(String reason) {
            reboots.add(reason);
        }
    }

    static List<String> names(List<?> items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(String.valueOf(i)));
        return out;
    }
}
