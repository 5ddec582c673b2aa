package io.cellota.server.operations;

import io.cellota.server.devices.DeviceOperationException;
import io.cellota.server.devices.DeviceOperations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link DeviceOperations} whose answers the test gives: every request is recorded with a future the test completes
 * ({@link #answer}, {@link #fail}); {@link #reachable} is what the held operations ask before sending.
 */
final class FakeDevice implements DeviceOperations {

    /** One request the device received. */
    record Sent(String operation, String path, Optional<Object> value, Optional<String> arguments,
                CompletableFuture<Outcome> answer) {
    }

    final List<Sent> sent = new ArrayList<>();
    volatile boolean reachable;

    static Outcome ok(String code, String name) {
        return new Outcome(true, code, name, Optional.empty(), Optional.empty());
    }

    static Outcome error(String code, String name) {
        return new Outcome(false, code, name, Optional.of("refused by the device"), Optional.empty());
    }

    synchronized Sent last() {
        return sent.get(sent.size() - 1);
    }

    synchronized int count() {
        return sent.size();
    }

    void answer(Outcome outcome) {
        last().answer().complete(outcome);
    }

    void fail(DeviceOperationException.Reason reason) {
        last().answer().completeExceptionally(new DeviceOperationException(reason, "the device " + reason));
    }

    private synchronized CompletionStage<Outcome> record(String operation, String path, Optional<Object> value,
                                                          Optional<String> arguments) {
        CompletableFuture<Outcome> answer = new CompletableFuture<>();
        sent.add(new Sent(operation, path, value, arguments, answer));
        return answer;
    }

    @Override
    public CompletionStage<Outcome> read(String endpoint, String path, Duration timeout) {
        return record("read", path, Optional.empty(), Optional.empty());
    }

    @Override
    public CompletionStage<Outcome> write(String endpoint, String path, Object value, Duration timeout) {
        return record("write", path, Optional.of(value), Optional.empty());
    }

    @Override
    public CompletionStage<Outcome> execute(String endpoint, String path, Optional<String> arguments,
                                            Duration timeout) {
        return record("execute", path, Optional.empty(), arguments);
    }

    @Override
    public CompletionStage<Outcome> observe(String endpoint, String path, Duration timeout) {
        return record("observe", path, Optional.empty(), Optional.empty());
    }

    @Override
    public int cancelObservation(String endpoint, String path) {
        throw new UnsupportedOperationException("not used by held operations");
    }

    @Override
    public List<ObjectInfo> objects(String endpoint) {
        throw new UnsupportedOperationException("not used by held operations");
    }
}
