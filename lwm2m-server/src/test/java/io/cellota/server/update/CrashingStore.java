package io.cellota.server.update;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A store that kills the server at one chosen write: each engine gets its own {@link #view()}; at the
 * crash the view dies (every later call throws {@link Crash}) while what was committed stays for the
 * next engine's view. Writes are counted from 1 across all views.
 */
final class CrashingStore {

    /** When the server dies, relative to write number {@code write}. */
    enum Moment {
        /** The write does not commit. */
        BEFORE_COMMIT,
        /** The write commits; the command it issued is never sent. */
        AFTER_COMMIT,
        /** The write commits and its command is sent; the server dies before any answer. */
        AFTER_SEND
    }

    /** The server's death. */
    static final class Crash extends RuntimeException {
        Crash(int write, Moment moment) {
            super("crash " + moment + " write " + write, null, false, false);
        }
    }

    private final InMemoryUpdateStore disk = new InMemoryUpdateStore();
    private final List<String> log = new ArrayList<>();
    private int writes;
    private int crashAt = -1;
    private Moment moment = Moment.BEFORE_COMMIT;
    private boolean crashed;

    void crashAt(int write, Moment moment) {
        this.crashAt = write;
        this.moment = moment;
    }

    /** Whether the crash happened (and the current view is dead). */
    boolean crashed() {
        return crashed;
    }

    int writes() {
        return writes;
    }

    /** What each committed write saved: phase and the command it issued, e.g. {@code INSTALLING EXECUTE_UPDATE}. */
    List<String> log() {
        return List.copyOf(log);
    }

    /** What survives a crash, for the test's own reads. */
    UpdateStore disk() {
        return disk;
    }

    /** A store for one server process. */
    UpdateStore view() {
        crashed = false;
        return new View();
    }

    private final class View implements UpdateStore {

        private boolean dead;

        @Override
        public DeviceUpdate create(DeviceUpdate update, UpdateEvent event) {
            return write(() -> disk.create(update, event));
        }

        @Override
        public DeviceUpdate save(DeviceUpdate update, List<UpdateEvent> events) {
            return write(() -> disk.save(update, events));
        }

        @Override
        public Optional<DeviceUpdate> find(UpdateId id) {
            alive();
            return disk.find(id);
        }

        @Override
        public Optional<DeviceUpdate> findActive(String endpoint) {
            alive();
            return disk.findActive(endpoint);
        }

        @Override
        public List<DeviceUpdate> listActive() {
            alive();
            return disk.listActive();
        }

        @Override
        public List<UpdateEvent> history(UpdateId id) {
            alive();
            return disk.history(id);
        }

        private DeviceUpdate write(Supplier<DeviceUpdate> commit) {
            alive();
            int write = writes + 1;
            if (write == crashAt && moment == Moment.BEFORE_COMMIT) {
                throw die(write);
            }
            DeviceUpdate saved = commit.get();
            writes = write;
            log.add(saved.phase() + saved.outstanding().map(o -> " " + o.command()).orElse(""));
            if (write == crashAt && moment == Moment.AFTER_COMMIT) {
                throw die(write);
            }
            if (write == crashAt) {
                die(write);
            }
            return saved;
        }

        private Crash die(int write) {
            dead = true;
            crashed = true;
            crashAt = -1;
            return new Crash(write, moment);
        }

        private void alive() {
            if (dead) {
                throw new Crash(writes, moment);
            }
        }
    }
}
