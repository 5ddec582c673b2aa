package io.cellota.server.lwm2m;

import io.cellota.server.queue.QueuedRequest;
import io.cellota.server.queue.RequestQueue;
import io.cellota.server.update.CommandOutcome;
import io.cellota.server.update.CommandRef;
import io.cellota.server.update.DeviceGateway;
import io.cellota.server.update.LinkEstimate;
import io.cellota.server.update.UpdateId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.eclipse.leshan.server.registration.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The update engine's way to devices, over Leshan. A command for an awake device is sent at once; a command for
 * a sleeping (queue-mode) device, or one queued behind others, goes into the durable {@link RequestQueue} and is
 * answered {@code held()}; when the device next wakes (any uplink) its queue is sent in order, one request at a
 * time, and each real answer is reported to {@code deferred} — also after a server restart, since the queue is
 * durable. A held request is never sent after its deadline ({@link CommandRef#notAfter()}).
 */
public final class LeshanDeviceGateway implements DeviceGateway, DeviceEvents {

    private static final Logger LOG = LoggerFactory.getLogger(LeshanDeviceGateway.class);

    private final Lwm2mServer server;
    private final RequestQueue queue;
    private final Object5Commands commands;
    private final Clock clock;
    private final BiConsumer<CommandRef, CommandOutcome> deferred;
    private final Set<String> draining = ConcurrentHashMap.newKeySet();

    /**
     * @param deferred told the real outcome of each command that was answered {@code held()}
     */
    public LeshanDeviceGateway(Lwm2mServer server, RequestQueue queue, Object5Commands commands, Clock clock,
                               BiConsumer<CommandRef, CommandOutcome> deferred) {
        this.server = server;
        this.queue = queue;
        this.commands = commands;
        this.clock = clock;
        this.deferred = deferred;
    }

    @Override
    public CompletionStage<CommandOutcome> readFacts(CommandRef ref, String endpoint) {
        return submit(ref, endpoint, Object5Commands.Kind.READ_FACTS, "");
    }

    @Override
    public CompletionStage<CommandOutcome> observeStatus(CommandRef ref, String endpoint) {
        return submit(ref, endpoint, Object5Commands.Kind.OBSERVE_STATUS, "");
    }

    @Override
    public CompletionStage<CommandOutcome> readStatus(CommandRef ref, String endpoint) {
        return submit(ref, endpoint, Object5Commands.Kind.READ_STATUS, "");
    }

    @Override
    public CompletionStage<CommandOutcome> resetPackage(CommandRef ref, String endpoint) {
        return submit(ref, endpoint, Object5Commands.Kind.RESET, "");
    }

    @Override
    public CompletionStage<CommandOutcome> writePackageUri(CommandRef ref, String endpoint, String uri) {
        return submit(ref, endpoint, Object5Commands.Kind.WRITE_URI, uri);
    }

    @Override
    public CompletionStage<CommandOutcome> pushPackage(CommandRef ref, String endpoint, String packageId,
                                                       Duration timeout) {
        return submit(ref, endpoint, Object5Commands.Kind.PUSH, packageId + "|" + timeout.toMillis());
    }

    @Override
    public CompletionStage<CommandOutcome> executeUpdate(CommandRef ref, String endpoint) {
        return submit(ref, endpoint, Object5Commands.Kind.EXECUTE_UPDATE, "");
    }

    @Override
    public CompletionStage<CommandOutcome> executeCancel(CommandRef ref, String endpoint) {
        return submit(ref, endpoint, Object5Commands.Kind.EXECUTE_CANCEL, "");
    }

    @Override
    public CompletionStage<CommandOutcome> readFirmwareVersion(CommandRef ref, String endpoint) {
        return submit(ref, endpoint, Object5Commands.Kind.READ_VERSION, "");
    }

    @Override
    public LinkEstimate linkEstimate(String endpoint) {
        return LinkEstimate.CONSERVATIVE;
    }

    private CompletionStage<CommandOutcome> submit(CommandRef ref, String endpoint, Object5Commands.Kind kind,
                                                   String argument) {
        Optional<Registration> registration = server.registration(endpoint);
        if (registration.isEmpty()) {
            return CompletableFuture.completedFuture(CommandOutcome.notRegistered());
        }
        Registration r = registration.get();
        if (!queue.pending(endpoint).isEmpty() || (r.usesQueueMode() && !server.isAwake(r))) {
            hold(ref, endpoint, kind, argument);
            return CompletableFuture.completedFuture(CommandOutcome.held());
        }
        return commands.send(r, kind, argument).thenApply(outcome -> {
            if (outcome instanceof Object5Commands.Asleep) {
                hold(ref, endpoint, kind, argument);
                return CommandOutcome.held();
            }
            return ((Object5Commands.Answered) outcome).outcome();
        });
    }

    private void hold(CommandRef ref, String endpoint, Object5Commands.Kind kind, String argument) {
        queue.enqueue(QueuedRequest.of(endpoint, kind.name(), argument, correlation(ref), ref.notAfter(), clock.instant()));
        LOG.debug("{}: {} held until the device wakes", endpoint, kind);
    }

    @Override
    public void registered(String endpoint) {
        drain(endpoint);
    }

    @Override
    public void updated(String endpoint) {
        drain(endpoint);
    }

    @Override
    public void awake(String endpoint) {
        drain(endpoint);
    }

    /** Sends the device's held requests in order, one at a time, reporting each outcome. */
    public void drain(String endpoint) {
        if (!draining.add(endpoint)) {
            return;
        }
        sendNext(endpoint);
    }

    private void sendNext(String endpoint) {
        Optional<QueuedRequest> head = queue.head(endpoint);
        Optional<Registration> registration = server.registration(endpoint);
        if (head.isEmpty() || registration.isEmpty()) {
            draining.remove(endpoint);
            // a request queued while we were finishing would otherwise wait for the next uplink
            if (registration.isPresent() && queue.head(endpoint).isPresent() && server.isAwake(registration.get())) {
                drain(endpoint);
            }
            return;
        }
        QueuedRequest request = head.get();
        CommandRef ref = ref(request.correlation(), request.notAfter());
        if (clock.instant().isAfter(request.notAfter())) {
            queue.remove(request.sequence());
            deferred.accept(ref, CommandOutcome.timedOut());
            sendNext(endpoint);
            return;
        }
        Object5Commands.Kind kind = Object5Commands.Kind.valueOf(request.kind());
        commands.send(registration.get(), kind, request.argument()).whenComplete((outcome, error) -> {
            if (outcome instanceof Object5Commands.Asleep) {
                draining.remove(endpoint);
                return;
            }
            queue.remove(request.sequence());
            CommandOutcome answer = error != null ? CommandOutcome.timedOut()
                    : ((Object5Commands.Answered) outcome).outcome();
            try {
                deferred.accept(ref, answer);
            } finally {
                sendNext(endpoint);
            }
        });
    }

    /** Drops held requests past their deadline, reporting each as timed out. */
    public void expire(Instant now) {
        for (QueuedRequest r : queue.removeExpired(now)) {
            deferred.accept(ref(r.correlation(), r.notAfter()), CommandOutcome.timedOut());
        }
    }

    private static String correlation(CommandRef ref) {
        return ref.updateId().value() + "#" + ref.sequence();
    }

    private static CommandRef ref(String correlation, Instant notAfter) {
        int hash = correlation.lastIndexOf('#');
        return new CommandRef(new UpdateId(correlation.substring(0, hash)),
                Long.parseLong(correlation.substring(hash + 1)), notAfter);
    }
}
