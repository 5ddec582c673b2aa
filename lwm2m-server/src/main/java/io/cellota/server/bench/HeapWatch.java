package io.cellota.server.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The peak heap of this JVM since the last {@link #reset()}, in two measures: the largest heap in use right after a
 * garbage collection (from the collectors' notifications: what the program held, plus old garbage a young
 * collection does not reach, so an upper bound of the live set), and the largest heap in use at all, sampled by the
 * caller ({@link #sample()}; live objects and garbage not yet collected, so it follows the collector's sizing more
 * than the program). Thread-safe.
 */
final class HeapWatch {

    private final AtomicLong afterGc = new AtomicLong();
    private final AtomicLong used = new AtomicLong();
    private final Set<String> heapPools;

    private HeapWatch() {
        heapPools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName).collect(Collectors.toUnmodifiableSet());
    }

    /** Starts listening to every collector of this JVM. */
    static HeapWatch install() {
        HeapWatch watch = new HeapWatch();
        NotificationListener listener = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long bytes = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(e -> watch.heapPools.contains(e.getKey()))
                        .mapToLong(e -> e.getValue().getUsed()).sum();
                watch.afterGc.accumulateAndGet(bytes, Math::max);
            }
        };
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        for (GarbageCollectorMXBean gc : collectors) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
            }
        }
        return watch;
    }

    /** Takes one sample of the heap in use now. */
    void sample() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        used.accumulateAndGet(heap.getUsed(), Math::max);
    }

    /** Forgets the peaks so far. */
    void reset() {
        afterGc.set(0);
        used.set(0);
        sample();
    }

    /** The largest heap in use after a collection since the reset (0 when none ran). */
    long peakAfterGc() {
        return afterGc.get();
    }

    /** The largest heap in use sampled since the reset. */
    long peakUsed() {
        return used.get();
    }
}
