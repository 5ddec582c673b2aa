package io.cellota.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.Objects;

/**
 * The JVM and the process, through Micrometer's own binders under their standard names ({@code jvm.*},
 * {@code process.*}, {@code system.*}), so stock JVM dashboards work: memory pools and buffers, threads,
 * garbage collection, CPU, uptime and open file descriptors. Close it to stop listening to GC notifications.
 */
public final class RuntimeMetrics implements AutoCloseable {

    private final JvmGcMetrics gc;

    private RuntimeMetrics(JvmGcMetrics gc) {
        this.gc = gc;
    }

    /** Binds every runtime meter to {@code meters}. */
    public static RuntimeMetrics bindTo(MeterRegistry meters) {
        Objects.requireNonNull(meters, "meters");
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        new FileDescriptorMetrics().bindTo(meters);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(meters);
        return new RuntimeMetrics(gc);
    }

    @Override
    public void close() {
        gc.close();
    }
}
