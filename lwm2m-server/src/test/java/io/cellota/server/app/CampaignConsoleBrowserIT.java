package io.cellota.server.app;

import static io.cellota.server.app.ServerRig.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.device.sim.FaultPlan;
import io.cellota.device.sim.SimulatedDevice;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The campaign pages in a real headless Chromium against the whole server with simulated devices: an operator
 * creates a campaign through the form (tags, a canary wave) and starts it, watches it finish on its page without
 * a reload, with its failed device's Update Result in words, and retries that device; pauses a running campaign, sees it paused with the reason, resumes it and cancels it; every option of
 * the form reaches the server, and the server's refusal is shown in words at the field it names; the dashboard shows
 * campaigns under way; the devices list filters by tag; a viewer sees no command and the API refuses their start
 * (403). Screenshots of the campaign list, the form and a campaign go where {@link ConsoleBrowserIT} puts its own.
 */
class CampaignConsoleBrowserIT extends ConsoleBrowserFixture {

    @Test
    void a_campaign_created_and_started_through_the_form_finishes_live_and_its_failed_device_is_retried()
            throws Exception {
        SimulatedDevice north = rig.device("cc-north", false, c -> c);
        SimulatedDevice lab = rig.device("cc-lab", false, c -> c);
        // its new firmware crashes and MCUboot reverts it: Update Result 8, in the second wave (tagged devices by name)
        rig.device("cc-zz-crash", false, c -> c.withFaults(FaultPlan.NONE.withNewFirmwareCrashes(true)));
        rig.device("cc-other", false, c -> c);
        for (String endpoint : List.of("cc-north", "cc-lab", "cc-zz-crash")) {
            tag(endpoint, "cc-wave");
        }
        String firmware = rig.upload("4.1.0");
        browser.signIn("admin", ADMIN_PASSWORD);
        browser.go("/#/campaigns");
        browser.visible(By.id("campaign-new")).click();

        browser.visible(By.id("cf-name")).sendKeys("wave of two");
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#cf-firmwareId option[value='" + firmware + "']")));
        new Select(browser.driver().findElement(By.id("cf-firmwareId"))).selectByValue(firmware);
        browser.driver().findElement(By.id("cf-target-tags")).sendKeys("cc-wave");
        browser.driver().findElement(By.id("cf-add-wave")).click();
        browser.text(By.id("cf-waves"), "1 (canary)");
        for (String threshold : List.of("success", "failure")) {
            WebElement input = browser.driver().findElement(By.cssSelector("#cf-waves tr:nth-child(2) [data-wave-"
                    + threshold + "]"));
            input.clear();
            input.sendKeys("50");
        }
        browser.screenshot(SHOTS.resolve("campaign-new.png"));
        browser.driver().findElement(By.id("cf-create-start")).click();

        browser.waiting().until(ExpectedConditions.urlContains("#/campaigns/cmp-"));
        String id = browser.driver().getCurrentUrl().replaceAll(".*#/campaigns/", "");
        browser.driver().executeScript("window.cellotaMarker = 'same page';");
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#campaign-status [data-status='FINISHED']")));
        assertThat(browser.driver().executeScript("return window.cellotaMarker;")).as("no reload")
                .isEqualTo("same page");
        JsonNode campaign = rig.getJson("/api/v1/campaigns/" + id);
        assertThat(campaign.at("/status").asText()).isEqualTo("FINISHED");
        assertThat(campaign.at("/counts/SUCCEEDED").asInt()).isEqualTo(2);
        assertThat(campaign.at("/counts/FAILED").asInt()).isEqualTo(1);
        assertThat(campaign.at("/waves/0/devices").asInt()).as("the canary from the form").isEqualTo(1);
        assertThat(campaign.at("/waves/1/failureThreshold").asInt()).isEqualTo(50);
        assertThat(campaign.at("/target/tags/0").asText()).isEqualTo("cc-wave");
        assertThat(north.runningVersion().orElseThrow()).hasToString("4.1.0+0");
        assertThat(lab.runningVersion().orElseThrow()).hasToString("4.1.0+0");
        browser.waiting().until(ExpectedConditions.attributeToBe(
                By.cssSelector("#campaign-progress [role='progressbar']"), "aria-valuenow", "100"));
        browser.text(By.id("campaign-devices"), "cc-north");
        // the device list refreshes after the progress bar: wait for it to show both
        browser.waiting().until(d -> d.findElements(By.cssSelector("#campaign-devices tr[data-state='SUCCEEDED']"))
                .size() == 2);
        assertThat(browser.driver().findElement(By.id("campaign-devices")).getText()).doesNotContain("cc-other");
        browser.text(By.cssSelector("#campaign-failures [data-failure='8']"),
                "Firmware update failed (the device's Update Result 8)");
        assertThat(browser.driver().findElement(By.tagName("main")).getText()).doesNotContain("null", "undefined");
        browser.screenshot(SHOTS.resolve("campaign.png"));

        browser.visible(By.id("campaign-retry-failed")).click();

        By crashed = By.cssSelector("#campaign-devices tr[data-endpoint='cc-zz-crash']");
        browser.waiting().ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement row = d.findElement(crashed);
            return row.getAttribute("data-state").equals("FAILED")
                    && row.findElements(By.tagName("td")).get(3).getText().equals("2");
        });
        browser.visible(By.cssSelector("#campaign-status [data-status='FINISHED']"));
        assertThat(rig.getJson("/api/v1/campaigns/" + id + "/devices?state=FAILED").at("/items/0/attempt").asInt())
                .isEqualTo(2);
        assertThat(browser.driver().executeScript("return window.cellotaMarker;")).isEqualTo("same page");

        browser.go("/#/campaigns");
        browser.visible(By.cssSelector("tr[data-campaign='" + id + "'] [data-status='FINISHED']"));
        browser.screenshot(SHOTS.resolve("campaigns.png"));
        new Select(browser.driver().findElement(By.id("campaign-status-filter"))).selectByVisibleText("draft");
        browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("tr[data-campaign='" + id + "']")));
        new Select(browser.driver().findElement(By.id("campaign-status-filter"))).selectByVisibleText("finished");
        browser.visible(By.cssSelector("tr[data-campaign='" + id + "']"));
        assertThat(browser.driver().findElements(By.cssSelector("#campaign-list [data-status]")))
                .allSatisfy(e -> assertThat(e.getAttribute("data-status")).isEqualTo("FINISHED"));
        browser.go("/#/devices");
        browser.visible(By.id("device-tag")).sendKeys("cc-wave");
        browser.waiting().until(d -> d.findElements(By.cssSelector("#device-list tr[data-endpoint]")).size() == 3);
        assertThat(browser.driver().findElement(By.id("device-list")).getText())
                .contains("cc-north", "cc-lab", "cc-zz-crash").doesNotContain("cc-other");
    }

    @Test
    void an_operator_pauses_a_running_campaign_sees_it_paused_resumes_it_and_cancels_it() throws Exception {
        rig.device("cc-window", false, c -> c);
        String firmware = rig.upload("4.2.0");
        // a daily window that is hours away: the campaign runs, but starts nobody while the test looks at it
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        String id = create("{\"name\": \"quiet hours\", \"firmwareId\": \"" + firmware + "\","
                + " \"target\": {\"endpoints\": [\"cc-window\"]}, \"schedule\": {\"windows\": [{\"from\": \""
                + now.plusHours(3).format(hhmm) + "\", \"to\": \"" + now.plusHours(4).format(hhmm) + "\"}]}}");
        HttpResponse<String> started = rig.call("POST", "/api/v1/campaigns/" + id + "/start",
                HttpRequest.BodyPublishers.noBody());
        assertThat(json(started).at("/status").asText()).as(started.body()).isEqualTo("RUNNING");
        browser.signIn("admin", ADMIN_PASSWORD);
        browser.go("/#/");
        browser.visible(By.cssSelector("#running-campaigns tr[data-campaign='" + id + "'] [role='progressbar']"));
        browser.driver().findElement(By.cssSelector("#running-campaigns tr[data-campaign='" + id + "'] a")).click();

        browser.visible(By.id("campaign-pause")).click();

        browser.visible(By.cssSelector("#campaign-status [data-status='PAUSED']"));
        browser.text(By.id("campaign-paused"), "paused by an operator");
        assertThat(rig.getJson("/api/v1/campaigns/" + id).at("/pause/kind").asText()).isEqualTo("OPERATOR");
        browser.visible(By.id("campaign-resume")).click();
        browser.visible(By.cssSelector("#campaign-status [data-status='RUNNING']"));
        assertThat(browser.driver().findElements(By.id("campaign-paused"))).as("no pause notice").isEmpty();
        assertThat(rig.getJson("/api/v1/campaigns/" + id).at("/status").asText()).isEqualTo("RUNNING");

        browser.visible(By.id("campaign-cancel")).click();
        browser.visible(By.id("cancel-hard")).click();
        browser.driver().findElement(By.id("cancel-confirm")).click();
        browser.visible(By.cssSelector("#campaign-status [data-status='CANCELLED']"));
        JsonNode cancelled = rig.getJson("/api/v1/campaigns/" + id);
        assertThat(cancelled.at("/cancelMode").asText()).isEqualTo("hard");
        assertThat(cancelled.at("/counts/CANCELLED").asInt()).isEqualTo(1);
    }

    @Test
    void every_option_of_the_form_reaches_the_server_and_its_refusal_is_shown_at_the_field() throws Exception {
        String firmware = rig.upload("4.3.0");
        browser.signIn("admin", ADMIN_PASSWORD);
        browser.go("/#/campaigns/new");
        WebElement name = browser.visible(By.id("cf-name"));
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#cf-firmwareId option[value='" + firmware + "']")));
        browser.driver().findElement(By.id("cf-create")).click();
        browser.text(By.id("cf-name-error"), "a campaign needs a name");
        assertThat(name.getAttribute("aria-invalid")).isEqualTo("true");

        name.sendKeys("every option");
        new Select(browser.driver().findElement(By.id("cf-firmwareId"))).selectByValue(firmware);
        type("cf-target-endpoints", "cc-x\ncc-y");
        type("cf-target-tags", "north, lab");
        type("cf-target-models", "nRF9160-SICA");
        type("cf-target-firmwareVersions", "1.0.0+0");
        browser.driver().findElement(By.id("cf-target-dynamic")).click();
        browser.driver().findElement(By.id("cf-add-wave")).click();
        browser.driver().findElement(By.id("cf-add-wave")).click();
        type("cf-pacing-maxConcurrent", "20");
        type("cf-pacing-maxPerCell", "5");
        type("cf-pacing-bytesPerSecond", "50000");
        type("cf-pacing-minRsrp", "-120");
        browser.driver().findElement(By.id("cf-add-window")).click();
        type("cf-schedule-timeZone", "Mars/Olympus");
        new Select(browser.driver().findElement(By.id("cf-policy-delivery"))).selectByValue("pull");
        new Select(browser.driver().findElement(By.id("cf-policy-protocol"))).selectByValue("coaps");
        type("cf-policy-deviceDeadline", "48");
        type("cf-policy-retries-max", "2");
        browser.driver().findElement(By.cssSelector("[data-retry-on='8']")).click();
        browser.driver().findElement(By.id("cf-create")).click();

        browser.text(By.id("campaign-refused"), "'schedule.timeZone' must be a time zone");
        browser.text(By.id("cf-schedule-timeZone-error"), "Mars/Olympus");
        assertThat(rig.getJson("/api/v1/campaigns").at("/items").findValuesAsText("name"))
                .doesNotContain("every option");
        type("cf-schedule-timeZone", "Europe/Berlin");
        browser.driver().findElement(By.id("cf-create")).click();

        browser.waiting().until(ExpectedConditions.urlContains("#/campaigns/cmp-"));
        browser.visible(By.cssSelector("#campaign-status [data-status='DRAFT']"));
        browser.visible(By.id("campaign-start"));
        String id = browser.driver().getCurrentUrl().replaceAll(".*#/campaigns/", "");
        JsonNode c = rig.getJson("/api/v1/campaigns/" + id);
        assertThat(c.at("/target/endpoints").toString()).isEqualTo("[\"cc-x\",\"cc-y\"]");
        assertThat(c.at("/target/tags").toString()).isEqualTo("[\"lab\",\"north\"]");
        assertThat(c.at("/target/models/0").asText()).isEqualTo("nRF9160-SICA");
        assertThat(c.at("/target/firmwareVersions/0").asText()).isEqualTo("1.0.0+0");
        assertThat(c.at("/target/dynamic").asBoolean()).isTrue();
        assertThat(c.at("/waves").findValuesAsText("wave")).containsExactly("1", "2", "3");
        assertThat(c.at("/waves/0/devices").asInt()).isEqualTo(1);
        assertThat(c.at("/waves/0/failureThreshold").asInt()).isZero();
        assertThat(c.at("/waves/2/upToPercent").asInt()).isEqualTo(100);
        assertThat(c.at("/pacing").toString())
                .isEqualTo("{\"maxConcurrent\":20,\"maxPerCell\":5,\"bytesPerSecond\":50000,\"minRsrp\":-120}");
        assertThat(c.at("/schedule/timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(c.at("/schedule/windows").toString()).isEqualTo("[{\"from\":\"01:00\",\"to\":\"05:00\"}]");
        assertThat(c.at("/policy/delivery").asText()).isEqualTo("pull");
        assertThat(c.at("/policy/protocol").asText()).isEqualTo("coaps");
        assertThat(c.at("/policy/deviceDeadline").asText()).isEqualTo("PT48H");
        assertThat(c.at("/policy/retries/max").asInt()).isEqualTo(2);
        assertThat(c.at("/policy/retries/on").toString()).isEqualTo("[4,5,8]");
        assertThat(c.at("/policy/retries/backoff/first").asText()).isEqualTo("PT5M");
    }

    @Test
    void a_viewer_sees_no_campaign_command_and_the_api_refuses_their_start() throws Exception {
        String firmware = rig.upload("4.4.0");
        String id = create("{\"name\": \"for viewers\", \"firmwareId\": \"" + firmware + "\","
                + " \"target\": {\"endpoints\": [\"cc-nobody\"]}}");
        HttpResponse<String> user = rig.call("POST", "/api/v1/users", HttpRequest.BodyPublishers.ofString(
                "{\"name\":\"vic\",\"role\":\"viewer\",\"password\":\"viewer-password-2\"}"));
        assertThat(user.statusCode()).as(user.body()).isEqualTo(201);

        browser.signIn("vic", "viewer-password-2");
        browser.go("/#/campaigns");
        browser.visible(By.cssSelector("tr[data-campaign='" + id + "'] a")).click();
        browser.visible(By.cssSelector("#campaign-status [data-status='DRAFT']"));

        assertThat(browser.driver().findElement(By.tagName("main")).getText()).doesNotContain("null", "undefined");
        assertThat(browser.driver().findElements(By.id("campaign-new"))).isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("#campaign-actions, #campaign-start,"
                + " #campaign-cancel"))).isEmpty();
        Object status = browser.driver().executeAsyncScript("const done = arguments[0];"
                + "fetch('/api/v1/session').then(r => r.json()).then(s => fetch('/api/v1/campaigns/" + id
                + "/start', {method: 'POST', headers: {'X-CSRF-Token': s.csrfToken}}))"
                + ".then(r => r.json().then(b => done(r.status + ' ' + b.error.code)));");
        assertThat(status).isEqualTo("403 forbidden");
        assertThat(rig.getJson("/api/v1/campaigns/" + id).at("/status").asText()).isEqualTo("DRAFT");
        browser.go("/#/campaigns/new");
        browser.text(By.tagName("main"), "for operators");
        assertThat(browser.driver().findElements(By.id("campaign-form"))).isEmpty();
    }

    private void type(String id, String text) {
        WebElement input = browser.driver().findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private static void tag(String endpoint, String... tags) throws Exception {
        HttpResponse<String> r = rig.call("PUT", "/api/v1/devices/" + endpoint + "/tags",
                HttpRequest.BodyPublishers.ofString("{\"tags\": [\"" + String.join("\", \"", List.of(tags)) + "\"]}"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static String create(String body) throws Exception {
        HttpResponse<String> r = rig.call("POST", "/api/v1/campaigns", HttpRequest.BodyPublishers.ofString(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).at("/id").asText();
    }
}
