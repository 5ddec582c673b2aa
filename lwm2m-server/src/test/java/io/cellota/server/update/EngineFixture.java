package io.cellota.server.update;

import io.cellota.firmware.object5.DeliveryMethod;
import io.cellota.firmware.object5.FirmwareUpdateStatus;
import io.cellota.firmware.object5.ObjectVersion;
import io.cellota.firmware.object5.ProtocolSupport;
import io.cellota.firmware.object5.UpdateResult;
import io.cellota.firmware.object5.UpdateState;
import io.cellota.server.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Given-builder for engine tests: a fake clock, an in-memory store, a scripted gateway, a recording listener. */
final class EngineFixture {

    static final String ENDPOINT = "dev-1";
    static final PackageFacts PACKAGE = new PackageFacts("pkg-2.0.0", "2.0.0", 200_000, "mcuboot");
    static final Instant START = Instant.parse("2025-03-01T08:00:00Z");
    static final Set<ProtocolSupport> OFFERED = Set.of(ProtocolSupport.COAP, ProtocolSupport.COAPS, ProtocolSupport.HTTPS);

    final MovableClock clock = new MovableClock(START);
    final UpdateStore store;
    final ScriptedGateway gateway = new ScriptedGateway();
    final List<UpdateEvent> told = new ArrayList<>();
    private final DeliveryPolicy policy = DeliveryPolicy.defaults();
    private UpdateEngine engine;
    UpdateId id;

    private EngineFixture(UpdateStore store) {
        this.store = store;
    }

    static EngineFixture given() {
        return new EngineFixture(new InMemoryUpdateStore());
    }

    static EngineFixture given(UpdateStore store) {
        return new EngineFixture(store);
    }

    DeliveryPolicy policy() {
        return policy;
    }

    UpdateEngine engine() {
        if (engine == null) {
            engine = newEngine();
        }
        return engine;
    }

    /** A new engine over the same store and gateway, as after a restart; it replaces the current one. */
    UpdateEngine newEngine() {
        engine = new UpdateEngine(store, gateway, uris(OFFERED), policy, clock, (update, event) -> told.add(event));
        return engine;
    }

    static UriIssuer uris(Set<ProtocolSupport> offered) {
        return new UriIssuer() {
            @Override
            public Set<ProtocolSupport> protocols(String endpoint) {
                return offered;
            }

            @Override
            public String packageUri(String endpoint, String packageId, ProtocolSupport protocol) {
                return protocol.scheme() + "://files.cellota.test/p/" + packageId + "?ep=" + endpoint;
            }
        };
    }

    DeviceUpdate submit() {
        return submit(Preference.NONE);
    }

    DeviceUpdate submit(Preference preference) {
        DeviceUpdate update = engine().submit(UpdateRequest.of(ENDPOINT, PACKAGE).withPreference(preference), now());
        id = update.id();
        return update;
    }

    DeviceUpdate update() {
        return store.find(id).orElseThrow();
    }

    Instant now() {
        return clock.instant();
    }

    void answer(DeviceCommand command, CommandOutcome outcome) {
        gateway.expect(command).complete(outcome);
    }

    void notify(String status) {
        engine().onObject5(ENDPOINT, status(status), now());
    }

    /**
     * A notification of a failure, then the read the engine issues to confirm it (a new Observe while it
     * observes), answered with the same status: a failure is acted on only once a read confirms it.
     */
    void reportFailure(String status) {
        notify(status);
        answer(update().observing() ? DeviceCommand.OBSERVE : DeviceCommand.READ_STATUS,
                CommandOutcome.status(status(status)));
    }

    void registered() {
        engine().onRegistered(ENDPOINT, now());
    }

    void advance(Duration duration) {
        clock.advance(duration);
        engine().tick(now());
    }

    List<UpdatePhase> phases() {
        return store.history(id).stream().map(UpdateEvent::to).distinct().toList();
    }

    /** Answers READ_FACTS with {@code facts}, then the reset if one is needed, then OBSERVE with Idle/0. */
    void prepare(Object5Facts facts) {
        answer(DeviceCommand.READ_FACTS, CommandOutcome.facts(facts));
        if (!facts.status().equals(FirmwareUpdateStatus.INITIAL)) {
            answer(DeviceCommand.RESET, CommandOutcome.changed());
        }
        answer(DeviceCommand.OBSERVE, CommandOutcome.status(FirmwareUpdateStatus.INITIAL));
    }

    /** A v1.1 device taking both deliveries over CoAP(S), Idle/0: submitted and pulling. */
    void pullingUpdate() {
        submit();
        prepare(facts(ObjectVersion.V1_1, "IDLE/0", DeliveryMethod.BOTH, ProtocolSupport.COAP, ProtocolSupport.COAPS));
        answer(DeviceCommand.WRITE_PACKAGE_URI, CommandOutcome.changed());
    }

    /** {@link #pullingUpdate()}, downloaded, Execute accepted: waiting for the device to come back. */
    void installingUpdate() {
        pullingUpdate();
        notify("DOWNLOADED/0");
        answer(DeviceCommand.EXECUTE_UPDATE, CommandOutcome.changed());
    }

    static Object5Facts facts(ObjectVersion version, String status, DeliveryMethod method, ProtocolSupport... protocols) {
        return new Object5Facts(version, status(status), method, Set.of(protocols));
    }

    /** A status written as the history writes it, e.g. {@code DOWNLOADED/0}. */
    static FirmwareUpdateStatus status(String text) {
        String[] parts = text.split("/");
        return new FirmwareUpdateStatus(UpdateState.valueOf(parts[0]),
                UpdateResult.fromCode(Integer.parseInt(parts[1])).orElseThrow());
    }
}
