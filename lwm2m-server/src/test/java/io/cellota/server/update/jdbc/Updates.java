package io.cellota.server.update.jdbc;

import io.cellota.firmware.object5.FirmwareUpdateStatus;
import io.cellota.firmware.object5.ObjectVersion;
import io.cellota.firmware.object5.ProtocolSupport;
import io.cellota.firmware.object5.UpdateResult;
import io.cellota.firmware.object5.UpdateState;
import io.cellota.server.update.Delivery;
import io.cellota.server.update.DeliveryPlan;
import io.cellota.server.update.DeviceCommand;
import io.cellota.server.update.DeviceUpdate;
import io.cellota.server.update.Failure;
import io.cellota.server.update.Outstanding;
import io.cellota.server.update.PackageFacts;
import io.cellota.server.update.Preference;
import io.cellota.server.update.UpdateId;
import io.cellota.server.update.UpdatePhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Valid {@link DeviceUpdate}s for the codec and store tests: one {@link #sample()} with every optional part
 * present, every value of every part ({@link #exhaustive()}), and random ones from a seed ({@link #random}).
 */
final class Updates {

    /** With nanoseconds, which the document keeps and the databases' columns do not. */
    static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");
    static final PackageFacts PACKAGE = new PackageFacts("fw-abcdefghijklmnop", "2.0.0+1", 200_000, "mcuboot");

    private Updates() {
    }

    /** An update in DOWNLOADING with a plan, two failed attempts, a device status, an outstanding command and both timers. */
    static DeviceUpdate sample() {
        return new DeviceUpdate(new UpdateId("2f1c6a0e-5b8e-4c1d-9b7a-0c3d2e1f4a5b"), 7, "dev-1", PACKAGE,
                new Preference(Optional.of(Delivery.PULL), Optional.of(ProtocolSupport.COAPS)),
                Optional.of(DeliveryPlan.pull(ProtocolSupport.COAPS, ObjectVersion.V1_1)
                        .withPackageUri("coaps://files.cellota.test/p/fw-abcdefghijklmnop?ep=dev-1")),
                UpdatePhase.DOWNLOADING,
                List.of(Failure.device(UpdateResult.CONNECTION_LOST),
                        Failure.engine(Failure.Reason.DEADLINE, "DOWNLOADING did not finish in 10 min")),
                Optional.of(new FirmwareUpdateStatus(UpdateState.DOWNLOADING, UpdateResult.INITIAL)), Optional.empty(),
                true, 12, Optional.of(new Outstanding(DeviceCommand.READ_STATUS, 12, Outstanding.Status.HELD)),
                Optional.of(T0.plusSeconds(600)), Optional.of(T0.plusSeconds(30)), T0.minusSeconds(3600),
                T0.minusSeconds(60), T0);
    }

    /** The sample with every optional part empty: a new update, queued. */
    static DeviceUpdate bare() {
        return new DeviceUpdate(new UpdateId("u"), 0, "d", PACKAGE, Preference.NONE, Optional.empty(),
                UpdatePhase.QUEUED, List.of(), Optional.empty(), Optional.empty(), false, 0, Optional.empty(),
                Optional.empty(), Optional.empty(), T0, T0, T0);
    }

    static List<Failure> failures() {
        List<Failure> all = new ArrayList<>();
        Arrays.stream(UpdateResult.values()).filter(r -> r.isFailure() || r == UpdateResult.CANCELLED)
                .map(Failure::device).forEach(all::add);
        Arrays.stream(Failure.Reason.values()).map(r -> Failure.engine(r, "because of " + r)).forEach(all::add);
        return all;
    }

    static List<DeliveryPlan> plans() {
        List<DeliveryPlan> all = new ArrayList<>();
        for (ObjectVersion version : ObjectVersion.values()) {
            all.add(DeliveryPlan.push(version));
            for (ProtocolSupport protocol : ProtocolSupport.values()) {
                all.add(DeliveryPlan.pull(protocol, version));
                all.add(DeliveryPlan.pull(protocol, version).withPackageUri(protocol.scheme() + "://h/p?ep=é\"x"));
            }
        }
        return all;
    }

    static List<Preference> preferences() {
        List<Preference> all = new ArrayList<>();
        for (Optional<Delivery> delivery : optionals(Delivery.values())) {
            for (Optional<ProtocolSupport> protocol : optionals(ProtocolSupport.values())) {
                if (!(protocol.isPresent() && delivery.equals(Optional.of(Delivery.PUSH)))) {
                    all.add(new Preference(delivery, protocol));
                }
            }
        }
        return all;
    }

    static List<FirmwareUpdateStatus> statuses() {
        return Arrays.stream(UpdateState.values()).flatMap(s -> Arrays.stream(UpdateResult.values())
                .map(r -> new FirmwareUpdateStatus(s, r))).toList();
    }

    static List<Outstanding> outstandings() {
        return Arrays.stream(DeviceCommand.values()).flatMap(c -> Arrays.stream(Outstanding.Status.values())
                .map(s -> new Outstanding(c, 12, s))).toList();
    }

    /** The sample changed in one part at a time, through every value that part can take. */
    static List<DeviceUpdate> exhaustive() {
        DeviceUpdate s = sample();
        List<DeviceUpdate> all = new ArrayList<>(List.of(s, bare()));
        for (UpdatePhase phase : UpdatePhase.values()) {
            if (phase.isFinal()) {
                for (Failure failure : failures()) {
                    if (phase != UpdatePhase.SUCCEEDED) {
                        all.add(s.finished(phase, Optional.of(failure), T0));
                    }
                }
                if (phase == UpdatePhase.SUCCEEDED) {
                    all.add(s.finished(phase, Optional.empty(), T0));
                }
            } else {
                all.add(s.withPhase(phase, T0, Optional.of(T0.plusMillis(1))));
            }
        }
        failures().forEach(f -> all.add(s.withRetried(f)));
        plans().forEach(p -> all.add(s.withPlan(p)));
        preferences().forEach(p -> all.add(with(s, p)));
        statuses().forEach(st -> all.add(s.withDeviceStatus(st)));
        outstandings().forEach(o -> all.add(s.withOutstandingStatus(Outstanding.Status.SENT).withoutOutstanding()
                .withCommand(o.command()).withOutstandingStatus(o.status())));
        all.add(s.withObserving(false));
        all.add(s.withNextCheck(Optional.empty()));
        all.add(s.withoutOutstanding().withPhase(UpdatePhase.PREPARING, T0, Optional.empty()));
        Stream.of(Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.parse("+10000-01-01T00:00:00.000000001Z"))
                .forEach(t -> all.add(new DeviceUpdate(s.id(), Long.MAX_VALUE, s.endpoint(), s.target(),
                        s.preference(), s.plan(), s.phase(), s.retried(), s.deviceStatus(), s.failure(),
                        s.observing(), s.commandCount(), s.outstanding(), Optional.of(t), Optional.of(t), t, t, t)));
        return all;
    }

    /** A valid update made of random parts, from texts with quotes, escapes, control and non-Latin characters. */
    static DeviceUpdate random(Random r) {
        UpdatePhase phase = pick(r, UpdatePhase.values());
        Optional<Failure> failure = phase == UpdatePhase.FAILED || phase == UpdatePhase.CANCELLED
                ? Optional.of(failure(r)) : Optional.empty();
        long commandCount = r.nextInt(4) == 0 ? 0 : 1 + (r.nextLong() & Long.MAX_VALUE) % 1_000_000;
        Optional<Instant> deadline = phase.isFinal() ? Optional.empty() : maybe(r, () -> instant(r));
        Optional<Outstanding> outstanding = deadline.isEmpty() || commandCount == 0 ? Optional.empty()
                : maybe(r, () -> new Outstanding(pick(r, DeviceCommand.values()), commandCount,
                        pick(r, Outstanding.Status.values())));
        Optional<Instant> nextCheck = phase.isFinal() ? Optional.empty() : maybe(r, () -> instant(r));
        List<Failure> retried = IntStream.range(0, r.nextInt(4)).mapToObj(i -> failure(r)).toList();
        return new DeviceUpdate(new UpdateId(id(r)), (r.nextLong() & Long.MAX_VALUE), text(r, 1, 40),
                new PackageFacts(text(r, 1, 20) + "p", text(r, 1, 20) + "v", 1 + (r.nextLong() & Long.MAX_VALUE >> 1),
                        text(r, 0, 10) + "t"),
                pick(r, preferences()), maybe(r, () -> pick(r, plans())), phase, retried,
                maybe(r, () -> pick(r, statuses())), failure, r.nextBoolean(), commandCount, outstanding, deadline,
                nextCheck, instant(r), instant(r), instant(r));
    }

    private static Failure failure(Random r) {
        Failure f = pick(r, failures());
        return f instanceof Failure.Engine e ? Failure.engine(e.reason(), text(r, 0, 30) + "!") : f;
    }

    private static String id(Random r) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-";
        StringBuilder id = new StringBuilder();
        for (int i = 0, n = 1 + r.nextInt(64); i < n; i++) {
            id.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private static final String[] PIECES = {"a", "Z", "0", "-", " ", "\"", "\\", "/", "\n", "\t", "\u0000",
        "\u001f", "é", "ß", "\u2028", "日本", "😀", "{", "}", "[", "]", ":", ",", "null", "\\u0041"};

    private static String text(Random r, int min, int max) {
        StringBuilder text = new StringBuilder();
        for (int i = 0, n = min + r.nextInt(max - min + 1); i < n; i++) {
            text.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    private static Instant instant(Random r) {
        // 1970 .. 2200, to the nanosecond
        return Instant.ofEpochSecond(r.nextInt(Integer.MAX_VALUE) * 3L, r.nextInt(1_000_000_000));
    }

    private static <T> Optional<T> maybe(Random r, java.util.function.Supplier<T> value) {
        return r.nextBoolean() ? Optional.of(value.get()) : Optional.empty();
    }

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    private static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    private static <T> List<Optional<T>> optionals(T[] values) {
        List<Optional<T>> all = new ArrayList<>(List.of(Optional.empty()));
        Arrays.stream(values).map(Optional::of).forEach(all::add);
        return all;
    }

    private static DeviceUpdate with(DeviceUpdate s, Preference preference) {
        return new DeviceUpdate(s.id(), s.revision(), s.endpoint(), s.target(), preference, s.plan(), s.phase(),
                s.retried(), s.deviceStatus(), s.failure(), s.observing(), s.commandCount(), s.outstanding(),
                s.deadline(), s.nextCheck(), s.createdAt(), s.phaseSince(), s.updatedAt());
    }
}
