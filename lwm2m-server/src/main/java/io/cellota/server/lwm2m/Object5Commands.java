package io.cellota.server.lwm2m;

import io.cellota.firmware.object5.DeliveryMethod;
import io.cellota.firmware.object5.FirmwareUpdateStatus;
import io.cellota.firmware.object5.ObjectVersion;
import io.cellota.firmware.object5.ProtocolSupport;
import io.cellota.firmware.object5.UpdateResult;
import io.cellota.firmware.object5.UpdateState;
import io.cellota.server.repository.PackageFile;
import io.cellota.server.repository.PackageFiles;
import io.cellota.server.update.CommandOutcome;
import io.cellota.server.update.Object5Facts;
import io.cellota.server.update.ResponseCode;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.request.exception.ClientSleepingException;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.registration.Registration;

/**
 * The Object 5 (and /3/0/3) commands the update engine uses, as Leshan requests, with their answers turned into
 * {@link CommandOutcome}s: values on success, the device's response code on an error, a timeout when Leshan
 * gives up, and {@link Asleep} when Leshan knows the device sleeps or the server is closing (the caller holds the
 * command then, for the device's next uplink after the restart).
 */
public final class Object5Commands {

    /** The commands, by the names the request queue stores. */
    enum Kind { READ_FACTS, OBSERVE_STATUS, READ_STATUS, RESET, WRITE_URI, PUSH, EXECUTE_UPDATE, EXECUTE_CANCEL, READ_VERSION }

    /** What became of a command. */
    sealed interface Result {
    }

    /** The device answered (or Leshan gave up: a timed-out outcome). */
    record Answered(CommandOutcome outcome) implements Result {
    }

    /** Leshan refused to send: the device sleeps, or the server is closing. */
    record Asleep() implements Result {
    }

    private final Lwm2mServer server;
    private final PackageFiles files;
    private final Duration timeout;

    /**
     * @param timeout how long an ordinary command may take (the CoAP transmit wait of the server's settings)
     */
    public Object5Commands(Lwm2mServer server, PackageFiles files, Duration timeout) {
        this.server = server;
        this.files = files;
        this.timeout = timeout;
    }

    CompletionStage<Result> send(Registration r, Kind kind, String argument) {
        CompletionStage<CommandOutcome> outcome = switch (kind) {
            case READ_FACTS -> server.send(r, new ReadRequest(5, 0), timeout).thenApply(resp -> facts(r, resp));
            case READ_STATUS -> server.send(r, new ReadRequest(5, 0), timeout).thenApply(Object5Commands::status);
            // both observations at once: one round trip where one after the other took two (about 2 s on NB-IoT,
            // at the start of every update and after every registration)
            case OBSERVE_STATUS -> server.send(r, new ObserveRequest(5, 0, 3), timeout)
                    .thenCombine(server.send(r, new ObserveRequest(5, 0, 5), timeout), Object5Commands::observed);
            case RESET -> server.send(r, new WriteRequest(5, 0, 1, ""), timeout).thenApply(Object5Commands::changed);
            case WRITE_URI -> server.send(r, new WriteRequest(5, 0, 1, argument), timeout)
                    .thenApply(Object5Commands::changed);
            case PUSH -> push(r, argument);
            case EXECUTE_UPDATE -> server.send(r, new ExecuteRequest("/5/0/2"), timeout).thenApply(Object5Commands::changed);
            case EXECUTE_CANCEL -> server.send(r, new ExecuteRequest("/5/0/10"), timeout).thenApply(Object5Commands::changed);
            case READ_VERSION -> server.send(r, new ReadRequest(3, 0, 3), timeout).thenApply(Object5Commands::version);
        };
        return outcome.<Result>thenApply(Answered::new).exceptionally(this::failure);
    }

    private CompletionStage<CommandOutcome> push(Registration r, String argument) {
        int bar = argument.lastIndexOf('|');
        String packageId = argument.substring(0, bar);
        Duration pushTimeout = Duration.ofMillis(Long.parseLong(argument.substring(bar + 1)));
        Optional<PackageFile> file = files.file(packageId);
        if (file.isEmpty()) {
            return CompletableFuture.completedFuture(CommandOutcome.deviceError(ResponseCode.NOT_FOUND));
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.get().path());
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return server.send(r, new WriteRequest(ContentFormat.OPAQUE, 5, 0, 0, bytes), pushTimeout)
                .thenApply(Object5Commands::changed);
    }

    /**
     * A command that got no answer: a sleeping device's is held; so is one the server cancelled or could not send
     * because it is shutting down (answering those as timed out had the update engine read the device again at once,
     * fail again at once, and never finish closing); any other is timed out.
     */
    private Result failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ClientSleepingException || server.isClosing()) {
            return new Asleep();
        }
        return new Answered(CommandOutcome.timedOut());
    }

    private static CommandOutcome changed(LwM2mResponse response) {
        return response.isSuccess() ? CommandOutcome.changed() : error(response);
    }

    private static CommandOutcome error(LwM2mResponse response) {
        int code = response.getCode().getCode();
        return CommandOutcome.deviceError(new ResponseCode(code / 100, code % 100));
    }

    private static CommandOutcome version(ReadResponse response) {
        if (!response.isSuccess()) {
            return error(response);
        }
        return response.getContent() instanceof LwM2mSingleResource r
                ? CommandOutcome.firmwareVersion(String.valueOf(r.getValue())) : CommandOutcome.deviceError(ResponseCode.BAD_REQUEST);
    }

    private static CommandOutcome status(ReadResponse response) {
        if (!response.isSuccess() || !(response.getContent() instanceof LwM2mObjectInstance i)) {
            return response.isSuccess() ? CommandOutcome.deviceError(ResponseCode.BAD_REQUEST) : error(response);
        }
        return CommandOutcome.status(status(i));
    }

    private static FirmwareUpdateStatus status(LwM2mObjectInstance i) {
        return new FirmwareUpdateStatus(UpdateState.fromCode(number(i, 3)).orElse(UpdateState.IDLE),
                UpdateResult.fromCode(number(i, 5)).orElse(UpdateResult.INITIAL));
    }

    private static CommandOutcome observed(ObserveResponse state, ObserveResponse result) {
        if (!state.isSuccess()) {
            return error(state);
        }
        if (!result.isSuccess()) {
            return error(result);
        }
        long s = ((Number) ((LwM2mSingleResource) state.getContent()).getValue()).longValue();
        long u = ((Number) ((LwM2mSingleResource) result.getContent()).getValue()).longValue();
        return CommandOutcome.status(new FirmwareUpdateStatus(UpdateState.fromCode(s).orElse(UpdateState.IDLE),
                UpdateResult.fromCode(u).orElse(UpdateResult.INITIAL)));
    }

    private static CommandOutcome facts(Registration r, ReadResponse response) {
        if (!response.isSuccess() || !(response.getContent() instanceof LwM2mObjectInstance i)) {
            return response.isSuccess() ? CommandOutcome.deviceError(ResponseCode.BAD_REQUEST) : error(response);
        }
        var declared = r.getSupportedVersion(5);
        ObjectVersion version = declared != null && declared.toString().startsWith("1.0") ? ObjectVersion.V1_0
                : ObjectVersion.V1_1;
        DeliveryMethod method = DeliveryMethod.fromCode(number(i, 9)).orElse(DeliveryMethod.PULL);
        Set<ProtocolSupport> protocols = EnumSet.noneOf(ProtocolSupport.class);
        LwM2mResource support = i.getResource(8);
        if (support != null && support.isMultiInstances()) {
            support.getInstances().values().forEach(v -> {
                if (v.getValue() instanceof Number n) {
                    ProtocolSupport.fromCode(n.longValue()).ifPresent(protocols::add);
                }
            });
        }
        return CommandOutcome.facts(new Object5Facts(version, status(i), method, protocols));
    }

    private static long number(LwM2mObjectInstance i, int resourceId) {
        LwM2mResource r = i.getResource(resourceId);
        return r != null && !r.isMultiInstances() && r.getValue() instanceof Number n ? n.longValue() : -1;
    }
}
