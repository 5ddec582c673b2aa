package io.cellota.device.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cellota.device.download.CoapFileServer;
import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.CoapTiming;
import io.cellota.device.lwm2m.DeviceCredentials;
import io.cellota.device.testkit.TestDevices;
import io.cellota.device.testserver.TestLwM2mServer;
import io.cellota.device.testserver.TestLwM2mServer.Object5Event;
import io.cellota.firmware.signing.KeyType;
import io.cellota.firmware.signing.PemKeys;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated device against a Leshan server, replaying the OMA interoperability cases for Object 5
 * (LightweightM2M-1.0-int-770 to -780) over the real stack: CoAP and DTLS, Leshan's client, our downloader,
 * flash and bootloader. Each Update Result the device can report is provoked once.
 */
class DeviceFirmwareUpdateIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ClientResources SHARED = ClientResources.create(CoapTiming.LOOPBACK, 8);

    @TempDir
    Path dir;

    private TestLwM2mServer server;
    private CoapFileServer files;
    private final List<SimulatedDevice> devices = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new TestLwM2mServer();
        files = CoapFileServer.plain();
    }

    @AfterEach
    void stop() throws Exception {
        for (SimulatedDevice d : devices) {
            d.close();
        }
        files.close();
        server.close();
    }

    @AfterAll
    static void release() {
        SHARED.close();
    }

    private SimulatedDevice device(DeviceConfig config) throws Exception {
        SimulatedDevice device = SimulatedDevice.create(config, SHARED, Clock.systemUTC());
        devices.add(device);
        device.powerOn();
        server.awaitRegistration(config.endpoint(), WAIT);
        server.observeFirmwareUpdate(config.endpoint());
        return device;
    }

    private DeviceConfig plain(String endpoint) {
        return TestDevices.config(endpoint, server.coapUri(), new DeviceCredentials.NoSec(), dir.resolve(endpoint));
    }

    private DeviceConfig secure(String endpoint) throws Exception {
        DeviceCredentials.Psk psk = TestDevices.psk(endpoint);
        server.addPsk(endpoint, psk.identity(), psk.key());
        return TestDevices.config(endpoint, server.coapsUri(), psk, dir.resolve(endpoint));
    }

    private void awaitResult(String endpoint, long state, long result) {
        await().atMost(WAIT).until(() -> server.firmwareUpdateEvents(endpoint),
                events -> !events.isEmpty() && events.get(events.size() - 1).equals(new Object5Event(state, result)));
    }

    private void awaitRead(String endpoint, long state, long result) {
        await().atMost(WAIT).ignoreExceptions().until(() -> server.registration(endpoint) != null
                && Long.valueOf(state).equals(server.readValue(endpoint, "/5/0/3"))
                && Long.valueOf(result).equals(server.readValue(endpoint, "/5/0/5")));
    }

    @Test
    void int_770_a_pushed_package_is_installed_over_dtls_and_the_new_version_reported() throws Exception {
        SimulatedDevice device = device(secure("dev-770"));
        byte[] image = TestDevices.image("1.1.0", 40_000);

        WriteResponse write = server.writePackage("dev-770", image, WAIT);

        assertThat(write.isSuccess()).as(write.toString()).isTrue();
        awaitResult("dev-770", 2, 0);
        assertThat(server.firmwareUpdateEvents("dev-770")).extracting(Object5Event::result).containsOnly(0L);
        assertThat(server.execute("dev-770", "/5/0/2").isSuccess()).isTrue();
        await().atMost(WAIT).until(() -> device.boots() == 2);
        awaitRead("dev-770", 0, 1);
        assertThat(server.readValue("dev-770", "/3/0/3")).isEqualTo("1.1.0+0");
        assertThat(device.bootloader().isConfirmed()).isTrue();
    }

    @Test
    void int_771_a_package_pulled_from_a_coap_uri_is_installed() throws Exception {
        SimulatedDevice device = device(plain("dev-771"));
        files.serve("fw.bin", TestDevices.image("2.0.0", 60_000));

        assertThat(server.writePackageUri("dev-771", files.uri("fw.bin").toString()).isSuccess()).isTrue();

        awaitResult("dev-771", 2, 0);
        assertThat(server.firmwareUpdateEvents("dev-771")).contains(new Object5Event(1, 0));
        assertThat(server.readValue("dev-771", "/5/0/7")).isEqualTo("2.0.0+0");
        server.execute("dev-771", "/5/0/2");
        await().atMost(WAIT).until(() -> device.boots() == 2);
        awaitRead("dev-771", 0, 1);
        assertThat(server.readValue("dev-771", "/3/0/3")).isEqualTo("2.0.0+0");
    }

    @Test
    void int_772_update_without_a_package_is_method_not_allowed() throws Exception {
        device(plain("dev-772"));

        ExecuteResponse response = server.execute("dev-772", "/5/0/2");

        assertThat(response.getCode()).isEqualTo(org.eclipse.leshan.core.ResponseCode.METHOD_NOT_ALLOWED);
        assertThat(server.readValue("dev-772", "/5/0/3")).isEqualTo(0L);
        assertThat(server.readValue("dev-772", "/5/0/5")).isEqualTo(0L);
    }

    @Test
    void int_773_a_package_larger_than_the_slot_is_result_2() throws Exception {
        device(plain("dev-773"));
        files.serve("big.bin", new byte[(int) TestDevices.LAYOUT.slotSize()]);

        server.writePackageUri("dev-773", files.uri("big.bin").toString());

        awaitResult("dev-773", 0, 2);
        assertThat(server.firmwareUpdateEvents("dev-773")).doesNotContain(new Object5Event(2, 0));
    }

    @Test
    void int_774_storage_that_runs_out_during_the_download_is_result_3() throws Exception {
        device(plain("dev-774").withFaults(FaultPlan.NONE.withStorageBudget(20_000)));
        files.serve("fw.bin", TestDevices.image("1.1.0", 60_000));

        server.writePackageUri("dev-774", files.uri("fw.bin").toString());

        awaitResult("dev-774", 0, 3);
    }

    @Test
    void int_775_a_server_that_stops_answering_is_result_4() throws Exception {
        device(plain("dev-775"));
        files.serve("fw.bin", TestDevices.image("1.1.0", 20_000))
                .hook(request -> request.num() >= 3 ? io.cellota.device.download.BlockFileResource.Reaction.DROP
                        : io.cellota.device.download.BlockFileResource.Reaction.SERVE);

        server.writePackageUri("dev-775", files.uri("fw.bin").toString());

        awaitResult("dev-775", 0, 4);
        assertThat(server.firmwareUpdateEvents("dev-775")).contains(new Object5Event(1, 0));
    }

    @Test
    void int_776_a_package_signed_by_an_untrusted_key_is_result_5() throws Exception {
        device(plain("dev-776"));
        files.serve("fw.bin", TestDevices.image("1.1.0", 20_000, PemKeys.generate(KeyType.ED25519, "rogue")));

        server.writePackageUri("dev-776", files.uri("fw.bin").toString());

        awaitResult("dev-776", 0, 5);
    }

    @Test
    void int_777_a_package_that_is_no_firmware_image_is_result_6() throws Exception {
        device(plain("dev-777"));
        files.serve("notes.txt", "not firmware at all\n".repeat(200).getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        server.writePackageUri("dev-777", files.uri("notes.txt").toString());

        awaitResult("dev-777", 0, 6);
    }

    @Test
    void int_778_an_invalid_uri_is_accepted_then_result_7() throws Exception {
        device(plain("dev-778"));

        WriteResponse write = server.writePackageUri("dev-778", "coap://[::1/fw");

        assertThat(write.isSuccess()).isTrue();
        awaitResult("dev-778", 0, 7);
    }

    @Test
    void int_779_firmware_that_crashes_before_confirming_is_reverted_as_result_8() throws Exception {
        SimulatedDevice device = device(plain("dev-779").withFaults(FaultPlan.NONE.withNewFirmwareCrashes(true)));
        files.serve("fw.bin", TestDevices.image("1.1.0", 30_000));
        server.writePackageUri("dev-779", files.uri("fw.bin").toString());
        awaitResult("dev-779", 2, 0);

        server.execute("dev-779", "/5/0/2");

        await().atMost(WAIT).until(() -> device.boots() >= 3);
        awaitRead("dev-779", 2, 8);
        assertThat(server.readValue("dev-779", "/3/0/3")).isEqualTo("1.0.0+0");
    }

    @Test
    void int_780_a_scheme_the_device_lacks_is_result_9() throws Exception {
        device(plain("dev-780"));

        server.writePackageUri("dev-780", "coaps+tcp://127.0.0.1:5684/fw.bin");

        awaitResult("dev-780", 0, 9);
    }

    @Test
    void cancel_during_a_download_is_result_10() throws Exception {
        device(plain("dev-cancel"));
        files.serve("fw.bin", TestDevices.image("1.1.0", 20_000))
                .hook(request -> request.num() >= 2 ? io.cellota.device.download.BlockFileResource.Reaction.DROP
                        : io.cellota.device.download.BlockFileResource.Reaction.SERVE);
        server.writePackageUri("dev-cancel", files.uri("fw.bin").toString());
        awaitResult("dev-cancel", 1, 0);

        assertThat(server.execute("dev-cancel", "/5/0/10").isSuccess()).isTrue();

        awaitResult("dev-cancel", 0, 10);
    }

    @Test
    void a_device_restarted_in_the_middle_of_a_download_resumes_it() throws Exception {
        DeviceConfig config = plain("dev-resume");
        SimulatedDevice first = device(config);
        var resource = files.serve("fw.bin", TestDevices.image("1.2.0", 60_000));
        resource.hook(request -> request.num() >= 20 ? io.cellota.device.download.BlockFileResource.Reaction.DROP
                : io.cellota.device.download.BlockFileResource.Reaction.SERVE);
        server.writePackageUri("dev-resume", files.uri("fw.bin").toString());
        await().atMost(WAIT).until(() -> resource.requests().stream().anyMatch(r -> r.num() >= 20));
        first.close();
        devices.remove(first);
        resource.clearRequests();
        resource.hook(request -> io.cellota.device.download.BlockFileResource.Reaction.SERVE);

        SimulatedDevice second = SimulatedDevice.create(config, SHARED, Clock.systemUTC());
        devices.add(second);
        second.powerOn();

        await().atMost(WAIT).until(() -> second.firmwareUpdate().map(v -> v.status().state().code()).orElse(-1) == 2);
        assertThat(resource.requests()).as("only the missing blocks are fetched again")
                .allMatch(r -> r.num() >= 16 || r.num() == 0);
    }

    @Test
    void factory_reset_drops_the_downloaded_package_and_keeps_the_running_firmware() throws Exception {
        SimulatedDevice device = device(plain("dev-reset"));
        files.serve("fw.bin", TestDevices.image("1.1.0", 20_000));
        server.writePackageUri("dev-reset", files.uri("fw.bin").toString());
        awaitResult("dev-reset", 2, 0);

        assertThat(server.execute("dev-reset", "/3/0/5").isSuccess()).isTrue();

        await().atMost(WAIT).until(() -> device.boots() == 2);
        awaitRead("dev-reset", 0, 0);
        assertThat(server.readValue("dev-reset", "/3/0/3")).isEqualTo("1.0.0+0");
        assertThat(device.bootloader().secondarySlot().isErased(0, 4096)).isTrue();
    }
}
