package io.cellota.server.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A {@link DeviceGateway} that records every command and lets the test answer it: by completing its
 * stage, or (as a gateway with a durable queue does) by reporting the answer through
 * {@link UpdateEngine#onCommandOutcome} and marking the call {@link #delivered}. A server restart keeps
 * the undelivered calls (a durable queue) or loses them.
 */
final class ScriptedGateway implements DeviceGateway {

    /** One command as the engine sent it. */
    record Call(DeviceCommand command, CommandRef ref, String endpoint, Optional<String> uri,
            Optional<Duration> timeout, CompletableFuture<CommandOutcome> answer) {

        void complete(CommandOutcome outcome) {
            assertThat(answer.complete(outcome)).as("%s answered once", this).isTrue();
        }

    }

    private final List<Call> calls = new ArrayList<>();
    private final Set<Call> delivered = new HashSet<>();
    private Consumer<Call> onSend = call -> { };
    private LinkEstimate link = LinkEstimate.CONSERVATIVE;

    /** Runs {@code check} on every command as it is sent, before it is recorded. */
    void onSend(Consumer<Call> check) {
        this.onSend = check;
    }

    void link(LinkEstimate link) {
        this.link = link;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<DeviceCommand> commands() {
        return calls.stream().map(Call::command).toList();
    }

    List<Call> pending() {
        return calls.stream().filter(this::isPending).toList();
    }

    boolean isPending(Call call) {
        return !call.answer().isDone() && !delivered.contains(call);
    }

    /** Marks {@code call} as answered through {@link UpdateEngine#onCommandOutcome}, not through its stage. */
    void delivered(Call call) {
        delivered.add(call);
    }

    /** The one pending command, which must be {@code command}. */
    Call expect(DeviceCommand command) {
        assertThat(pending()).as("pending commands").extracting(Call::command).containsExactly(command);
        return pending().get(0);
    }

    void expectNothingPending() {
        assertThat(pending()).as("pending commands").isEmpty();
    }

    /** A server restart: pending calls are kept (a durable queue) or lost with the server's memory. */
    void restart(boolean keepPending) {
        if (!keepPending) {
            calls.removeIf(this::isPending);
        }
    }

    @Override
    public CompletionStage<CommandOutcome> readFacts(CommandRef ref, String endpoint) {
        return record(DeviceCommand.READ_FACTS, ref, endpoint, Optional.empty(), Optional.empty());
    }

    @Override
    public CompletionStage<CommandOutcome> observeStatus(CommandRef ref, String endpoint) {
        return record(DeviceCommand.OBSERVE, ref, endpoint, Optional.empty(), Optional.empty());
    }

    @Override
    public CompletionStage<CommandOutcome> readStatus(CommandRef ref, String endpoint) {
        return record(DeviceCommand.READ_STATUS, ref, endpoint, Optional.empty(), Optional.empty());
    }

    @Override
    public CompletionStage<CommandOutcome> resetPackage(CommandRef ref, String endpoint) {
        return record(DeviceCommand.RESET, ref, endpoint, Optional.empty(), Optional.empty());
    }

    @Override
    public CompletionStage<CommandOutcome> writePackageUri(CommandRef ref, String endpoint, String uri) {
        return record(DeviceCommand.WRITE_PACKAGE_URI, ref, endpoint, Optional.of(uri), Optional.empty());
    }

    @Override
    public CompletionStage<CommandOutcome> pushPackage(CommandRef ref, String endpoint, String packageId,
            Duration timeout) {
        return record(DeviceCommand.PUSH_PACKAGE, ref, endpoint, Optional.empty(), Optional.of(timeout));
    }

    @Override
    public CompletionStage<CommandOutcome> executeUpdate(CommandRef ref, String endpoint) {
        return record(DeviceCommand.EXECUTE_UPDATE, ref, endpoint, Optional.empty(), Optional.empty());
    }

    @Override
    public CompletionStage<CommandOutcome> executeCancel(CommandRef ref, String endpoint) {
        return record(DeviceCommand.EXECUTE_CANCEL, ref, endpoint, Optional.empty(), Optional.empty());
    }

    @Override
    public CompletionStage<CommandOutcome> readFirmwareVersion(CommandRef ref, String endpoint) {
        return record(DeviceCommand.READ_FIRMWARE_VERSION, ref, endpoint, Optional.empty(), Optional.empty());
    }

    @Override
    public LinkEstimate linkEstimate(String endpoint) {
        return link;
    }

    private CompletionStage<CommandOutcome> record(DeviceCommand command, CommandRef ref, String endpoint,
            Optional<String> uri, Optional<Duration> timeout) {
        Call call = new Call(command, ref, endpoint, uri, timeout, new CompletableFuture<>());
        onSend.accept(call);
        calls.add(call);
        return call.answer();
    }
}
