package io.cellota.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.cellota.server.webhooks.Signature;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * The console's webhooks page and a device's tags, in a real headless Chromium: a webhook added through the form
 * shows its secret once, receives a signed delivery of the next matching event (a device registering), and the
 * page shows that delivery and its count without a reload; a refused URL is explained at the form; a webhook is
 * removed. On a device page an operator sets tags, a refused tag is explained, and a tag opens the devices list
 * filtered by it. A viewer sees neither form.
 */
class WebhooksConsoleBrowserIT extends ConsoleBrowserFixture {

    private record Received(String signature, byte[] body) {
    }

    @Test
    void a_webhook_added_in_the_console_receives_signed_events_and_its_deliveries_show_live() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new Received(exchange.getRequestHeaders().getFirst(Signature.HEADER),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            browser.signIn("admin", ADMIN_PASSWORD);
            browser.go("/#/webhooks");
            WebElement url = browser.visible(By.id("webhook-url"));
            url.sendKeys("ftp://hooks.example.com/x");
            browser.driver().findElement(By.id("webhook-create")).click();
            browser.text(By.id("webhook-error"), "http:// or https://");

            url.clear();
            url.sendKeys("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
            WebElement events = browser.driver().findElement(By.id("webhook-events"));
            events.clear();
            events.sendKeys("device.registered");
            browser.driver().findElement(By.id("webhook-description")).sendKeys("console test");
            browser.driver().findElement(By.id("webhook-create")).click();

            String secret = browser.visible(By.id("webhook-secret-shown")).getText();
            assertThat(secret).matches("[0-9a-f]{64}");
            WebElement row = browser.visible(By.cssSelector("#webhook-list tr[data-webhook]"));
            String id = row.getAttribute("data-webhook");
            assertThat(row.getText()).contains("device.registered", "console test");
            browser.driver().executeScript("window.cellotaMarker = 'same page';");

            rig.device("console-hooked", false, c -> c);

            await().atMost(ServerRig.WAIT).until(() -> !received.isEmpty());
            Received first = received.get(0);
            assertThat(Signature.verify(secret, first.signature(), first.body())).as("signed with the secret shown")
                    .isTrue();
            assertThat(new String(first.body(), StandardCharsets.UTF_8)).contains("device.registered",
                    "console-hooked");
            browser.text(By.cssSelector("tr[data-webhook='" + id + "'] td[data-count='delivered']"), "1");
            browser.visible(By.cssSelector("button[data-deliveries='" + id + "']")).click();
            WebElement delivery = browser.visible(By.cssSelector("#webhook-deliveries tr[data-state='DELIVERED']"));
            assertThat(delivery.getText()).contains("device.registered", "HTTP 204");
            screenshot("webhooks.png");
            assertThat(browser.driver().executeScript("return window.cellotaMarker;")).as("no reload")
                    .isEqualTo("same page");

            browser.driver().findElement(By.cssSelector("button[data-delete='" + id + "']")).click();
            browser.driver().switchTo().alert().accept();
            browser.waiting().until(d -> d.findElements(By.cssSelector("tr[data-webhook='" + id + "']")).isEmpty());
            assertThat(rig.call("GET", "/api/v1/webhooks/" + id, HttpRequest.BodyPublishers.noBody()).statusCode())
                    .isEqualTo(404);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void an_operator_sets_a_device_s_tags_and_a_tag_opens_the_devices_it_marks() throws Exception {
        rig.device("console-tagged", false, c -> c);
        browser.signIn("admin", ADMIN_PASSWORD);
        browser.go("/#/devices/console-tagged");
        WebElement input = browser.visible(By.id("tags-input"));

        input.sendKeys("north, bad tag!");
        browser.driver().findElement(By.id("tags-save")).click();
        browser.text(By.id("tags-error"), "Not saved");
        assertThat(rig.getJson("/api/v1/devices/console-tagged/tags").at("/tags")).isEmpty();

        input.clear();
        input.sendKeys("north, lab");
        browser.driver().findElement(By.id("tags-save")).click();

        browser.visible(By.cssSelector("#tags-list a[data-tag='north']"));
        JsonNode stored = rig.getJson("/api/v1/devices/console-tagged/tags");
        assertThat(stored.at("/tags").toString()).isEqualTo("[\"lab\",\"north\"]");
        browser.driver().findElement(By.cssSelector("#tags-list a[data-tag='lab']")).click();
        browser.waiting().until(d -> "lab".equals(d.findElement(By.id("device-tag")).getAttribute("value")));
        browser.visible(By.cssSelector("a[href='#/devices/console-tagged']"));
    }

    @Test
    void a_viewer_sees_webhooks_and_tags_but_no_form_to_change_them() throws Exception {
        rig.device("console-viewed", false, c -> c);
        HttpResponse<String> tagged = rig.call("PUT", "/api/v1/devices/console-viewed/tags",
                HttpRequest.BodyPublishers.ofString("{\"tags\":[\"south\"]}"));
        assertThat(tagged.statusCode()).as(tagged.body()).isEqualTo(200);
        HttpResponse<String> user = rig.call("POST", "/api/v1/users", HttpRequest.BodyPublishers.ofString(
                "{\"name\":\"vera\",\"role\":\"viewer\",\"password\":\"viewer-password-3\"}"));
        assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
        HttpResponse<String> hook = rig.call("POST", "/api/v1/webhooks", HttpRequest.BodyPublishers.ofString(
                "{\"url\":\"https://hooks.example.com/viewed\",\"events\":[\"update.*\"]}"));
        assertThat(hook.statusCode()).as(hook.body()).isEqualTo(201);
        String id = ServerRig.json(hook).at("/id").asText();

        browser.signIn("vera", "viewer-password-3");
        browser.go("/#/devices/console-viewed");
        browser.visible(By.cssSelector("#tags-list a[data-tag='south']"));
        assertThat(browser.driver().findElements(By.id("tags-form"))).isEmpty();
        browser.go("/#/webhooks");
        browser.visible(By.cssSelector("tr[data-webhook='" + id + "'] button[data-deliveries]"));
        assertThat(browser.driver().findElements(By.id("webhook-form"))).isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("button[data-delete]"))).isEmpty();
        rig.call("DELETE", "/api/v1/webhooks/" + id, HttpRequest.BodyPublishers.noBody());
    }

    /** A PNG of the page with the deliveries in view, where the other browser tests put theirs. */
    private void screenshot(String name) throws Exception {
        browser.driver().executeScript("document.getElementById('webhook-deliveries').scrollIntoView({block: 'end'});");
        Files.createDirectories(SHOTS);
        Files.write(SHOTS.resolve(name), browser.driver().getScreenshotAs(OutputType.BYTES));
    }
}
