package io.cellota.server.fileserver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The package files delivery reads from, kept open between blocks: at most {@code capacity} channels, the least
 * recently used closed first. Reads are positional ({@link FileChannel#read(ByteBuffer, long)}), so any number
 * of downloads share one channel per file and nothing is buffered here: each read fills the caller's buffer.
 *
 * <p>A channel evicted while reads are running on it is closed when the last of them ends, so the number of
 * open channels ({@link #openFiles()}) exceeds the capacity by at most the number of reads in progress. Package
 * files are content-addressed and never change once written; a file the repository deletes stays readable
 * through its open channel until it is evicted or {@link #forget forgotten}.
 *
 * <p>One lock guards the map and the reference counts; opening a file happens under it (opening is quick and
 * rare, and concurrent first requests for one file then open it once), reading never does.
 */
public final class OpenFileCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenFileCache.class);

    private static final class Entry {
        final Path path;
        final FileChannel channel;
        int readers;
        boolean retired;

        Entry(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }
    }

    private final int capacity;
    private final Map<Path, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private int retiredOpen;
    private long opens;
    private boolean closed;

    /** A cache of at most {@code capacity} (at least 1) open files. */
    public OpenFileCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an open-file cache holds at least one file, not " + capacity);
        }
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Reads from {@code path} at {@code position} into {@code target} until it is full or the file ends.
     *
     * @return the number of bytes read, 0 at or past the end of the file
     * @throws IOException when the file cannot be opened or read, or the cache is closed
     */
    public int read(Path path, long position, ByteBuffer target) throws IOException {
        int start = target.position();
        for (int attempt = 1; ; attempt++) {
            Entry entry = acquire(path);
            try {
                while (target.hasRemaining()) {
                    int read = entry.channel.read(target, position + target.position() - start);
                    if (read < 0) {
                        break;
                    }
                }
                return target.position() - start;
            } catch (ClosedChannelException e) {
                // A reader interrupted on another thread closes a FileChannel for everyone: reopen once.
                if (attempt > 1 || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                LOG.debug("{} was closed under a read ({}), reopening it", entry.path, e.toString());
                discard(entry);
            } finally {
                release(entry);
            }
        }
    }

    /** Closes {@code path}'s channel (once its reads end) and drops it from the cache. */
    public void forget(Path path) {
        List<Entry> toClose = new ArrayList<>(1);
        synchronized (this) {
            Entry entry = entries.remove(key(path));
            if (entry != null) {
                retire(entry, toClose);
            }
        }
        toClose.forEach(OpenFileCache::closeQuietly);
    }

    /** The number of files cached: at most the capacity. */
    public synchronized int size() {
        return entries.size();
    }

    /** The number of channels open: the cached ones plus evicted ones with reads still running. */
    public synchronized int openFiles() {
        return entries.size() + retiredOpen;
    }

    /** How many times a file was opened since this cache was made: a measure of its hit rate. */
    public synchronized long opens() {
        return opens;
    }

    /** Closes every channel (those in use when their reads end); later reads fail. */
    @Override
    public void close() {
        List<Entry> toClose = new ArrayList<>();
        synchronized (this) {
            closed = true;
            entries.values().forEach(entry -> retire(entry, toClose));
            entries.clear();
        }
        toClose.forEach(OpenFileCache::closeQuietly);
    }

    private Entry acquire(Path path) throws IOException {
        List<Entry> toClose = new ArrayList<>(1);
        Entry entry;
        synchronized (this) {
            if (closed) {
                throw new IOException("the open-file cache is closed");
            }
            Path key = key(path);
            entry = entries.get(key);
            if (entry == null) {
                entry = new Entry(key, FileChannel.open(key, StandardOpenOption.READ));
                opens++;
                entries.put(key, entry);
                LOG.debug("Opened {} ({} of {} cached)", key, entries.size(), capacity);
                evictBeyondCapacity(toClose);
            }
            entry.readers++;
        }
        toClose.forEach(OpenFileCache::closeQuietly);
        return entry;
    }

    private void release(Entry entry) {
        boolean close;
        synchronized (this) {
            entry.readers--;
            close = entry.retired && entry.readers == 0;
            if (close) {
                retiredOpen--;
            }
        }
        if (close) {
            closeQuietly(entry);
        }
    }

    /** Drops {@code entry} from the cache if it is still the cached one for its path. */
    private synchronized void discard(Entry entry) {
        if (!entry.retired && entries.get(entry.path) == entry) {
            entries.remove(entry.path);
            retire(entry, new ArrayList<>(0));
        }
    }

    private void evictBeyondCapacity(List<Entry> toClose) {
        Iterator<Entry> eldest = entries.values().iterator();
        while (entries.size() > capacity && eldest.hasNext()) {
            Entry entry = eldest.next();
            eldest.remove();
            retire(entry, toClose);
        }
    }

    /** Marks a removed entry retired: closed now if idle, else by its last reader. Caller holds the lock. */
    private void retire(Entry entry, List<Entry> toClose) {
        entry.retired = true;
        if (entry.readers == 0) {
            toClose.add(entry);
        } else {
            retiredOpen++;
        }
    }

    private static Path key(Path path) {
        return path.toAbsolutePath().normalize();
    }

    private static void closeQuietly(Entry entry) {
        try {
            entry.channel.close();
            LOG.debug("Closed {}", entry.path);
        } catch (IOException e) {
            LOG.warn("Cannot close {}: {}", entry.path, e.toString());
        }
    }
}
