package io.cellota.server.app;

import static io.cellota.server.app.ServerRig.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.device.sim.SimulatedDevice;
import io.cellota.device.testkit.TestDevices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real headless Chromium against the whole server with simulated devices: an operator signs in,
 * uploads an image through the drop zone's file input and sees it verified (or refused, with the reason), reads a
 * resource on a device's page, starts an update there and watches it finish without a reload; a viewer sees no
 * control that changes anything and the API refuses them (403), and without a session there is no API (401).
 * Screenshots of the main pages go to {@code target/screenshots}, or to {@code -Dcellota.screenshots=DIR}
 * (README: {@code docs/screenshots}).
 */
class ConsoleBrowserIT extends ConsoleBrowserFixture {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void an_operator_signs_in_uploads_an_image_through_the_drop_zone_and_sees_it_verified() throws Exception {
        Path image = dir.resolve("app-3.1.0.bin");
        Files.write(image, TestDevices.image("3.1.0", 20_000));
        Path garbage = dir.resolve("garbage.bin");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});

        browser.go("/");
        browser.visible(By.id("signin-name"));
        browser.screenshot(SHOTS.resolve("sign-in.png"));
        browser.signIn("admin", ADMIN_PASSWORD);
        browser.go("/#/firmware");
        browser.visible(By.id("firmware-file")).sendKeys(image.toString());

        WebElement verified = browser.visible(By.id("upload-verified"));
        JsonNode stored = null;
        for (JsonNode p : rig.getJson("/api/v1/firmware?limit=500").at("/items")) {
            stored = p.at("/version").asText().equals("3.1.0+0") ? p : stored;
        }
        assertThat(stored).as("stored as 3.1.0+0").isNotNull();
        assertThat(verified.getText()).contains("Verified", "3.1.0", stored.at("/signer").asText(),
                stored.at("/sha256").asText(), stored.at("/size").asText() + " bytes", "Security counter");
        browser.text(By.id("firmware-list"), "3.1.0");
        browser.screenshot(SHOTS.resolve("firmware.png"));

        int before = rig.getJson("/api/v1/firmware").at("/total").asInt();
        browser.driver().findElement(By.id("firmware-file")).sendKeys(garbage.toString());

        WebElement refused = browser.visible(By.id("upload-refused"));
        assertThat(refused.getText()).contains("Refused", "invalid_firmware");
        assertThat(rig.getJson("/api/v1/firmware").at("/total").asInt()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void a_device_page_reads_a_resource_of_a_simulated_device() throws Exception {
        rig.device("console-read", false, c -> c);

        browser.signIn("admin", ADMIN_PASSWORD);
        browser.go("/#/devices");
        browser.visible(By.cssSelector("tr[data-endpoint='console-read'] a")).click();
        WebElement read = browser.visible(By.cssSelector("button[data-read='/3/0/0']"));
        read.click();

        browser.text(By.cssSelector("#resources span[data-path='/3/0/0']"), "Cellota Simulated");
        browser.text(By.id("op-log"), "read /3/0/0: 2.05 CONTENT");
        browser.text(By.cssSelector("#object-5 span[data-path='/5/0/3']"), "Idle");
        browser.screenshot(SHOTS.resolve("device.png"));
    }

    @Test
    void an_update_started_on_the_device_page_finishes_live_without_a_reload() throws Exception {
        SimulatedDevice device = rig.device("console-update", false, c -> c);
        String firmware = rig.upload("3.2.0");
        browser.signIn("admin", ADMIN_PASSWORD);
        browser.go("/#/devices/console-update");
        new Select(browser.visible(By.id("update-firmware"))).selectByValue(firmware);
        browser.driver().executeScript("window.cellotaMarker = 'same page';");

        browser.driver().findElement(By.id("update-start")).click();

        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#history [data-state='SUCCEEDED']")));
        assertThat(browser.driver().executeScript("return window.cellotaMarker;")).as("no reload")
                .isEqualTo("same page");
        assertThat(device.runningVersion().orElseThrow()).hasToString("3.2.0+0");
        browser.text(By.id("update-status"), "3.2.0");
        browser.go("/#/");
        browser.text(By.id("chart-versions"), "3.2.0");
        browser.screenshot(SHOTS.resolve("dashboard.png"));
        browser.go("/#/devices");
        browser.visible(By.cssSelector("tr[data-endpoint='console-update']"));
        browser.screenshot(SHOTS.resolve("devices.png"));
    }

    @Test
    void a_viewer_sees_no_control_that_changes_anything_and_the_api_refuses_them() throws Exception {
        rig.device("console-viewer", false, c -> c);
        rig.upload("3.3.0");
        HttpResponse<String> created = rig.call("POST", "/api/v1/users", HttpRequest.BodyPublishers.ofString(
                "{\"name\":\"vera\",\"role\":\"viewer\",\"password\":\"viewer-password-1\"}"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        browser.signIn("vera", "viewer-password-1");
        browser.go("/#/firmware");
        browser.text(By.id("firmware-list"), "3.3.0");
        assertThat(browser.driver().findElements(By.id("firmware-file"))).isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("[data-delete]"))).isEmpty();
        assertThat(browser.driver().findElement(By.cssSelector("a[data-nav='users']")).isDisplayed()).isFalse();
        browser.go("/#/devices/console-viewer");
        browser.visible(By.cssSelector("button[data-read='/3/0/0']"));
        browser.text(By.id("update-card"), "Firmware update");
        assertThat(browser.driver().findElements(By.id("update-start"))).isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("[data-observe], [data-write], [data-execute]")))
                .isEmpty();

        Object status = browser.driver().executeAsyncScript("const done = arguments[0];"
                + "fetch('/api/v1/session').then(r => r.json()).then(s => fetch('/api/v1/firmware/x',"
                + " {method: 'DELETE', headers: {'X-CSRF-Token': s.csrfToken}}))"
                + ".then(r => r.json().then(b => done(r.status + ' ' + b.error.code)));");
        assertThat(status).isEqualTo("403 forbidden");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/devices"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous).at("/error/code").asText()).isEqualTo("unauthorized");
    }

    @Test
    void an_admin_creates_an_api_token_that_is_shown_once_and_works() throws Exception {
        browser.signIn("admin", ADMIN_PASSWORD);
        browser.go("/#/tokens");
        browser.visible(By.id("token-name")).sendKeys("carrier OSS");
        new Select(browser.driver().findElement(By.id("token-role"))).selectByValue("viewer");
        browser.driver().findElement(By.id("token-create")).click();

        String secret = browser.visible(By.id("token-secret")).getText();
        browser.text(By.id("token-list"), "carrier OSS");
        browser.screenshot(SHOTS.resolve("tokens.png"));
        HttpResponse<String> withToken = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/devices"))
                .header("Authorization", "Bearer " + secret).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(rig.get("/api/v1/tokens").body()).doesNotContain(secret.substring(25));

        browser.go("/#/users");
        browser.text(By.id("user-list"), "admin");
        browser.screenshot(SHOTS.resolve("users.png"));
        assertThat(List.of(secret.split("_"))).first().isEqualTo("cellota");
    }
}
