package io.cellota.server.fileserver;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The settings of firmware delivery; the keys of {@code docs/lwm2m-server.md}, "Firmware delivery", in
 * brackets.
 *
 * @param resourceName  the first path segment of every package URI, CoAP and HTTP alike
 *                      ({@code fileserver.resource}, default {@code fw})
 * @param maxBlockSize  the largest CoAP block served, a power of two in 16..1024 bytes; a device asking for
 *                      less gets less ({@code fileserver.max-block-size}, default 1024)
 * @param ioThreads     threads reading package files for CoAP requests ({@code fileserver.io-threads},
 *                      default 4)
 * @param ioQueue       CoAP requests waiting for those threads before further ones are answered 5.03 with
 *                      Max-Age 1 ({@code fileserver.io-queue}, default 4096)
 * @param openFiles     package files kept open ({@code fileserver.open-files}, default 64)
 * @param tokenLifetime how long a download token is accepted after it is issued
 *                      ({@code fileserver.token-lifetime}, default 72 hours)
 */
public record FileServerConfig(String resourceName, int maxBlockSize, int ioThreads, int ioQueue, int openFiles,
        Duration tokenLifetime) {

    public static final FileServerConfig DEFAULTS = new FileServerConfig("fw", 1024, 4, 4096, 64,
            Duration.ofHours(72));

    public FileServerConfig {
        requireResourceName(resourceName);
        if (!BlockSlice.isBlockSize(maxBlockSize)) {
            throw new IllegalArgumentException("the largest block must be a power of two in 16..1024, not " + maxBlockSize);
        }
        if (ioThreads < 1 || ioQueue < 1 || openFiles < 1) {
            throw new IllegalArgumentException("I/O threads, queue and open files must be at least 1");
        }
        if (tokenLifetime == null || tokenLifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the token lifetime must be at least one second, was " + tokenLifetime);
        }
    }

    /** Checks that {@code name} is one URI path segment of unreserved characters (RFC 3986 §2.3). */
    static String requireResourceName(String name) {
        Objects.requireNonNull(name, "resourceName");
        if (!name.matches("[A-Za-z0-9._~-]+") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("the resource name must be one URI path segment of unreserved "
                    + "characters, not '" + name + "'");
        }
        return name;
    }

    public FileServerConfig withResourceName(String name) {
        return new FileServerConfig(name, maxBlockSize, ioThreads, ioQueue, openFiles, tokenLifetime);
    }

    public FileServerConfig withMaxBlockSize(int bytes) {
        return new FileServerConfig(resourceName, bytes, ioThreads, ioQueue, openFiles, tokenLifetime);
    }

    public FileServerConfig withIo(int threads, int queue) {
        return new FileServerConfig(resourceName, maxBlockSize, threads, queue, openFiles, tokenLifetime);
    }

    public FileServerConfig withOpenFiles(int files) {
        return new FileServerConfig(resourceName, maxBlockSize, ioThreads, ioQueue, files, tokenLifetime);
    }

    public FileServerConfig withTokenLifetime(Duration lifetime) {
        return new FileServerConfig(resourceName, maxBlockSize, ioThreads, ioQueue, openFiles, lifetime);
    }

    /**
     * A new executor for the CoAP resource's file reads: {@code ioThreads} daemon threads named
     * {@code fw-io-N}, a queue of {@code ioQueue}, refusing (not blocking) when full. The caller owns it and
     * shuts it down after the CoAP server.
     */
    public ExecutorService newIoExecutor() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, "fw-io-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(ioThreads, ioThreads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(ioQueue), threads, new ThreadPoolExecutor.AbortPolicy());
    }
}
