package io.cellota.server.update;

import static io.cellota.server.update.EngineFixture.ENDPOINT;
import static io.cellota.server.update.EngineFixture.PACKAGE;
import static io.cellota.server.update.EngineFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.cellota.firmware.object5.DeliveryMethod;
import io.cellota.firmware.object5.FirmwareUpdateStatus;
import io.cellota.firmware.object5.ObjectVersion;
import io.cellota.firmware.object5.ProtocolSupport;
import io.cellota.firmware.object5.UpdateState;
import io.cellota.server.testing.MovableClock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Kill the server at every write of the happy path (pull and push), in every way, start a new engine
 * over the same store, recover, and let the device tell its truth: the update completes, Execute
 * reaches the device once, and the package (URI or push) reaches it once.
 */
class RestartTest {

    /** How the server dies at the chosen write. */
    enum Death {
        BEFORE_COMMIT(CrashingStore.Moment.BEFORE_COMMIT, false, false),
        AFTER_COMMIT_UNSENT(CrashingStore.Moment.AFTER_COMMIT, false, false),
        AFTER_SEND_QUEUE_LOST(CrashingStore.Moment.AFTER_SEND, false, false),
        AFTER_SEND_QUEUE_KEPT(CrashingStore.Moment.AFTER_SEND, true, false),
        AFTER_SEND_DEVICE_MOVES_ON_WHILE_DOWN(CrashingStore.Moment.AFTER_SEND, true, true);

        final CrashingStore.Moment moment;
        final boolean queueKept;
        final boolean deviceMovesOn;

        Death(CrashingStore.Moment moment, boolean queueKept, boolean deviceMovesOn) {
            this.moment = moment;
            this.queueKept = queueKept;
            this.deviceMovesOn = deviceMovesOn;
        }
    }

    @TestFactory
    Stream<DynamicTest> an_update_survives_a_restart_at_every_write_of_the_happy_path() {
        return Stream.of(Delivery.values()).flatMap(delivery -> {
            Run clean = new Run(delivery, null);
            clean.run();
            clean.assertCompletedOnce(0);
            List<String> writes = clean.disk.log();
            return IntStream.rangeClosed(1, writes.size()).boxed().flatMap(write -> Stream.of(Death.values())
                    .map(death -> dynamicTest(delivery + " write " + write + " (" + writes.get(write - 1) + "): " + death,
                            () -> {
                                Run run = new Run(delivery, death);
                                run.disk.crashAt(write, death.moment);
                                run.run();
                                run.assertCompletedOnce(1);
                            })));
        });
    }

    /** One server lifetime after another, over one store, one gateway and one device. */
    private static final class Run {

        final CrashingStore disk = new CrashingStore();
        final ScriptedGateway gateway = new ScriptedGateway();
        final MovableClock clock = new MovableClock(EngineFixture.START);
        final Delivery delivery;
        final Death death;
        final SimulatedDevice device;
        UpdateEngine engine;
        UpdateId id;
        int restarts;

        Run(Delivery delivery, Death death) {
            this.delivery = delivery;
            this.death = death;
            this.device = new SimulatedDevice(ObjectVersion.V1_1, delivery == Delivery.PULL ? DeliveryMethod.PULL
                    : DeliveryMethod.PUSH, Set.of(ProtocolSupport.COAP, ProtocolSupport.COAPS), status("IDLE/1"), "1.0.0");
        }

        void run() {
            engine = newEngine();
            try {
                id = engine.submit(UpdateRequest.of(ENDPOINT, PACKAGE), clock.instant()).id();
            } catch (CrashingStore.Crash dead) {
                // the server died while accepting the request
            }
            for (int i = 0; i < 2_000; i++) {
                if (disk.crashed()) {
                    restart();
                }
                if (id != null && disk.disk().find(id).orElseThrow().phase().isFinal()) {
                    return;
                }
                try {
                    step();
                } catch (CrashingStore.Crash dead) {
                    // restarted at the top of the loop
                }
            }
            throw new AssertionError("no progress: " + disk.disk().find(id));
        }

        private UpdateEngine newEngine() {
            return new UpdateEngine(disk.view(), gateway, EngineFixture.uris(EngineFixture.OFFERED),
                    DeliveryPolicy.defaults(), clock, UpdateListener.NONE);
        }

        private void restart() {
            restarts++;
            gateway.restart(death.queueKept);
            if (death.deviceMovesOn) {
                gateway.pending().forEach(call -> {
                    device.answer(call);
                    gateway.delivered(call);
                });
                deviceActs(false);
            }
            engine = newEngine();
            if (id == null) {
                id = disk.disk().findActive(ENDPOINT).map(DeviceUpdate::id).orElse(null);
            }
            if (id == null) {
                id = engine.submit(UpdateRequest.of(ENDPOINT, PACKAGE), clock.instant()).id();
            } else {
                engine.recover(clock.instant());
            }
        }

        private void step() {
            List<ScriptedGateway.Call> pending = gateway.pending();
            if (!pending.isEmpty()) {
                deliver(pending.get(0));
            } else if (!deviceActs(true)) {
                engine.tick(clock.advance(Duration.ofMinutes(1)));
            }
        }

        /** The device answers; the answer comes back as a durable gateway reports it; then it notifies. */
        private void deliver(ScriptedGateway.Call call) {
            FirmwareUpdateStatus before = device.status();
            CommandOutcome outcome = device.answer(call);
            gateway.delivered(call);
            engine.onCommandOutcome(call.ref(), outcome, clock.instant());
            if (!device.status().equals(before)) {
                notifyIfObserved();
            }
        }

        /** The device finishes a download or an installation by itself; false if it has nothing to do. */
        private boolean deviceActs(boolean serverUp) {
            if (device.is(UpdateState.DOWNLOADING)) {
                device.finishDownload();
                if (serverUp) {
                    notifyIfObserved();
                }
                return true;
            }
            if (device.is(UpdateState.UPDATING)) {
                device.installAndReboot(PACKAGE.targetVersion());
                if (serverUp) {
                    engine.onRegistered(ENDPOINT, clock.instant());
                }
                return true;
            }
            return false;
        }

        private void notifyIfObserved() {
            if (device.isObserved() && !disk.crashed()) {
                engine.onObject5(ENDPOINT, device.status(), clock.instant());
            }
        }

        void assertCompletedOnce(int expectedRestarts) {
            DeviceUpdate done = disk.disk().find(id).orElseThrow();
            assertThat(done.phase()).as("%s", done).isEqualTo(UpdatePhase.SUCCEEDED);
            assertThat(done.attempt()).as("no retry was needed").isEqualTo(1);
            assertThat(restarts).isEqualTo(expectedRestarts);
            assertThat(device.executesReceived()).as("Execute reached the device once").isEqualTo(1);
            assertThat(device.executesAccepted()).isEqualTo(1);
            if (delivery == Delivery.PULL) {
                assertThat(device.urisReceived()).as("the Package URI reached the device once").hasSize(1);
            } else {
                assertThat(device.pushesReceived()).as("the package was pushed once").isEqualTo(1);
            }
            assertThat(device.status()).isEqualTo(status("IDLE/1"));
        }
    }
}
