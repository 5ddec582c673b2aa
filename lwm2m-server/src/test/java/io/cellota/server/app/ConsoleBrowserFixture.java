package io.cellota.server.app;

import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.CoapTiming;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the console's browser tests share: one whole server per test class on loopback and ephemeral ports, with
 * simulated devices and a known admin password, and a fresh headless Chromium per test. A queue-mode device counts
 * as awake for 1 s after each uplink, so a test sees it asleep soon. Screenshots go to {@link #SHOTS}.
 */
abstract class ConsoleBrowserFixture {

    static final String ADMIN_PASSWORD = "console-admin-password";
    /** {@code target/screenshots}, or {@code -Dcellota.screenshots=DIR} (README: {@code docs/screenshots}). */
    static final Path SHOTS = Path.of(System.getProperty("cellota.screenshots", "target/screenshots"));

    @TempDir
    static Path dir;

    static ServerRig rig;
    private static ClientResources devices;
    Browser browser;

    @BeforeAll
    static void startServer() throws Exception {
        devices = ClientResources.create(CoapTiming.LOOPBACK, 4);
        rig = ServerRig.start(dir, devices, Map.of("admin.password", ADMIN_PASSWORD, "awake.time", "1s"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        rig.close();
        devices.close();
    }

    @BeforeEach
    void openBrowser() throws Exception {
        browser = Browser.open(base());
    }

    @AfterEach
    void closeBrowser() throws Exception {
        browser.close();
    }

    /** The console's address. */
    static String base() {
        return "http://127.0.0.1:" + rig.server().httpAddress().getPort();
    }
}
