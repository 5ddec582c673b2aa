package io.cellota.server.app;

import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.CoapTiming;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the console's browser tests share: one whole server per test class on loopback and ephemeral ports, with
 * simulated devices and a known admin password (and the settings of the class's {@link Settings}), and a fresh
 * headless Chromium per test. Screenshots go to {@link #SHOTS}.
 */
abstract class ConsoleBrowserFixture {

    /** More server settings for the test class, {@code key=value} each. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Settings {
        String[] value();
    }

    static final String ADMIN_PASSWORD = "console-admin-password";
    /** {@code target/screenshots}, or {@code -Dcellota.screenshots=DIR} (README: {@code docs/screenshots}). */
    static final Path SHOTS = Path.of(System.getProperty("cellota.screenshots", "target/screenshots"));

    @TempDir
    static Path dir;

    static ServerRig rig;
    private static ClientResources devices;
    Browser browser;

    @BeforeAll
    static void startServer(TestInfo test) throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of("admin.password", ADMIN_PASSWORD));
        Settings more = test.getTestClass().orElseThrow().getAnnotation(Settings.class);
        for (String pair : more == null ? new String[0] : more.value()) {
            settings.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        devices = ClientResources.create(CoapTiming.LOOPBACK, 4);
        rig = ServerRig.start(dir, devices, settings);
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
