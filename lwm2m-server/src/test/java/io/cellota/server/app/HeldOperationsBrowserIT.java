package io.cellota.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.device.radio.PsmConfig;
import io.cellota.device.sim.SimulatedDevice;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.Select;

/**
 * Held operations on the device page, in a real headless Chromium: an operator's read of a sleeping device's
 * resource is held by the server, goes when the device wakes, and its answer appears on the page without a reload;
 * an operation held for a device that is not registered can be cancelled from the page; one write is held for every
 * device of a tag from the devices page.
 */
// a queue-mode device counts as awake for 1 s after each uplink, so the test sees it asleep soon
@ConsoleBrowserFixture.Settings("awake.time=1s")
class HeldOperationsBrowserIT extends ConsoleBrowserFixture {

    @Test
    void a_read_of_a_sleeping_device_is_held_and_its_answer_appears_when_the_device_wakes() throws Exception {
        // wakes every 20 s: long enough to see the operation wait, short enough for a test
        SimulatedDevice device = rig.device("console-psm", true, c -> c.withQueueMode(true).withPsm(
                PsmConfig.of(Duration.ofSeconds(2), Duration.ofMinutes(10)), Optional.of(Duration.ofSeconds(20))));
        await().atMost(ServerRig.WAIT).until(() -> !device.psm().isReachable()
                && !rig.getJson("/api/v1/devices/console-psm").at("/awake").asBoolean(true));
        browser.signIn("admin", ADMIN_PASSWORD);
        browser.go("/#/devices/console-psm");
        browser.visible(By.id("asleep-note"));
        browser.driver().executeScript("window.cellotaMarker = 'same page';");

        browser.visible(By.cssSelector("button[data-read='/3/0/0']")).click();

        browser.text(By.id("op-log"), "held until console-psm wakes");
        browser.visible(By.cssSelector("#held-list tr[data-held]"));
        browser.driver().executeScript("document.getElementById('held').scrollIntoView({block: 'center'});");
        Files.createDirectories(SHOTS);
        Files.write(SHOTS.resolve("held-operations.png"), browser.driver().getScreenshotAs(OutputType.BYTES));
        browser.waiting().until(d -> !d.findElements(By.cssSelector("#held-list tr[data-status='SUCCEEDED']"))
                .isEmpty());
        browser.text(By.cssSelector("#resources span[data-path='/3/0/0']"), "Cellota Simulated");
        browser.text(By.id("held-list"), "2.05 CONTENT");
        assertThat(browser.driver().executeScript("return window.cellotaMarker;")).as("no reload")
                .isEqualTo("same page");
        assertThat(device.psm().droppedWhileAsleep()).as("nothing was sent to the sleeping device").isZero();
    }

    @Test
    void an_operator_holds_one_write_for_every_device_of_a_tag_from_the_devices_page() throws Exception {
        for (String endpoint : List.of("console-north-1", "console-north-2")) {
            rig.pskFor(endpoint);
            HttpResponse<String> tagged = rig.call("PUT", "/api/v1/devices/" + endpoint + "/tags",
                    HttpRequest.BodyPublishers.ofString("{\"tags\":[\"north\"]}"));
            assertThat(tagged.statusCode()).as(tagged.body()).isEqualTo(200);
        }
        browser.signIn("admin", ADMIN_PASSWORD);
        browser.go("/#/devices");
        browser.visible(By.id("device-tag")).sendKeys("north");
        browser.driver().findElement(By.id("batch-path")).sendKeys("/1/0/3");
        browser.driver().findElement(By.id("batch-value")).sendKeys("3600");

        browser.driver().findElement(By.cssSelector("#batch-form button[type='submit']")).click();

        browser.text(By.id("batch-held"), "held for 2 of 2 devices");
        for (String endpoint : List.of("console-north-1", "console-north-2")) {
            JsonNode held = rig.getJson("/api/v1/devices/" + endpoint + "/operations");
            assertThat(held.at("/total").asLong()).as(held.toString()).isEqualTo(1);
            assertThat(held.at("/items/0/value").asLong()).isEqualTo(3600);
            assertThat(held.at("/items/0/operation").asText()).isEqualTo("write");
        }
    }

    @Test
    void an_operation_held_for_a_device_that_is_not_registered_can_be_cancelled() throws Exception {
        rig.pskFor("console-offline");
        browser.signIn("admin", ADMIN_PASSWORD);
        browser.go("/#/devices/console-offline");
        new Select(browser.visible(By.id("hold-operation"))).selectByValue("write");
        browser.driver().findElement(By.id("hold-path")).sendKeys("/1/0/2");
        browser.driver().findElement(By.id("hold-value")).sendKeys("45");

        browser.driver().findElement(By.cssSelector("#hold-form button[type='submit']")).click();

        browser.visible(By.cssSelector("#held-list tr[data-status='QUEUED']"));
        browser.text(By.id("held-list"), "write /1/0/2 = 45");
        browser.visible(By.cssSelector("#held-list button[data-cancel-held]")).click();
        browser.visible(By.cssSelector("#held-list tr[data-status='CANCELLED']"));
        assertThat(rig.getJson("/api/v1/devices/console-offline/operations?status=CANCELLED").at("/total").asLong())
                .isEqualTo(1);
    }
}
