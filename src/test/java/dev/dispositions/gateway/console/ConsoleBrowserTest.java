package dev.dispositions.gateway.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A support engineer in headless Chromium: signs in, sees a failed sync, opens it, reads what the CRM said, replays
 * it once the cause is fixed, and sees it delivered; a tenant key sees only its tenant.
 */
class ConsoleBrowserTest extends ChromiumTest {
    @Test
    void aSupportEngineerFindsAFailedSyncReadsTheCrmsErrorReplaysItAndSeesItDelivered() throws Exception {
        String callId = "console-" + newCallId();
        StubMapping refused = SALESFORCE.stubFor(patch(urlPathMatching(TASK_UPSERTS)).atPriority(1).withRequestBody(containing(callId))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("[{\"message\":\"bad value for restricted picklist field: Busy\","
                                + "\"errorCode\":\"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST\",\"fields\":[\"CallDisposition\"]}]")));
        try {
            Reply accepted = postGeneric("/webhooks/generic", DEMO_GENERIC_SECRET, "msg_" + callId, """
                    {"type":"call.ended","callId":"%s","outcome":"BUSY","from":"+14155550100","to":"+14155550142","notes":"%s"}"""
                    .formatted(callId, callId));
            String eventId = accepted.body().get("eventId").asText();
            await().atMost(Duration.ofSeconds(15)).until(() -> "failed".equals(event(eventId).get("status").asText()));

            // Sign in; the overview shows every connector.
            signIn();
            WebElement connectors = shown(By.id("connectors"));
            assertThat(connectors.getText()).contains("globex", "hubspot", "bullhorn");
            assertThat(connectors.findElement(By.cssSelector("tr[data-connector='default/salesforce']")).getText()).contains("healthy");
            screenshot("overview");

            // The failed syncs of Salesforce for tenant default: ours is there, with Salesforce's own words.
            browser.get(url("#/failed?tenant=default&crm=salesforce&outcome=BUSY"));
            WebElement row = wait.until(d -> d.findElements(By.cssSelector("#dead-letters tr[data-id]")).stream()
                    .filter(r -> r.getText().contains("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST")).findFirst().orElse(null));
            screenshot("failed-syncs");
            browser.findElement(By.id("bulk-dry-run")).click();
            assertThat(shown(By.id("bulk-result")).getText()).containsPattern("\\d+ match this filter");

            // Open it: the CRM's error, what was sent, what it answered, the raw payload and the timeline.
            row.click();
            assertThat(shown(By.id("crm-error")).getText())
                    .isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: bad value for restricted picklist field: Busy [CallDisposition]");
            assertThat(browser.findElement(By.id("attempts")).getText()).contains("PERMANENT", "400", "\"CallDisposition\":\"Busy\"");
            assertThat(browser.findElement(By.id("raw")).getText()).contains(callId);
            assertThat(browser.findElement(By.id("canonical")).getText()).contains("\"outcome\": \"BUSY\"");
            screenshot("failed-sync-detail");

            // The admin fixed the picklist in Salesforce; support replays, and the event is delivered.
            SALESFORCE.removeStub(refused);
            browser.findElement(By.id("replay")).click();
            wait.until(ExpectedConditions.urlContains("#/event/" + eventId));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                browser.navigate().refresh();
                return shown(By.cssSelector(".card .badge")).getText().equals("delivered");
            });
            assertThat(browser.findElement(By.id("timeline")).getText()).contains("replay", "DONE");
            screenshot("event-delivered");

            // Search by the vendor's call id, and by a phone number of the call.
            browser.get(url("#/search?q=" + callId));
            assertThat(shown(By.id("results")).getText()).contains(callId, "delivered");
            browser.get(url("#/search?q=" + "(415) 555-0142"));
            wait.until(d -> d.findElement(By.id("results")).getText().contains(callId));
            screenshot("search");
        } finally {
            SALESFORCE.removeStub(refused);
        }
    }

    @Test
    void aTenantKeySeesOnlyItsTenantAndAnOperatorMakesKeysInTheConsole() throws Exception {
        String theirs = accepted(dev.dispositions.gateway.TestCall.of(newCallId(), "Left voicemail").asTenant("default"));
        Reply viewer = postRaw("/api/keys", "application/json", java.util.Map.of("X-Api-Key", ADMIN_KEY),
                "{\"name\":\"globex wallboard\",\"role\":\"tenant-viewer\",\"tenant\":\"globex\"}");
        signIn(viewer.body().path("secret").asText());
        WebElement connectors = shown(By.id("connectors"));
        assertThat(connectors.findElements(By.cssSelector("tr[data-connector]"))).isNotEmpty()
                .allSatisfy(row -> assertThat(row.getAttribute("data-connector")).startsWith("globex/"));
        assertThat(shown(By.id("whoami")).getText()).contains("globex wallboard", "tenant-viewer of globex");
        assertThat(browser.findElement(By.id("nav-keys")).isDisplayed()).isFalse();
        browser.get(url("#/event/" + theirs));
        assertThat(shown(By.id("error")).getText()).contains("no event");

        signIn(ADMIN_KEY);
        shown(By.id("connectors"));
        browser.get(url("#/keys"));
        shown(By.id("new-key-name")).sendKeys("made in the console");
        browser.findElement(By.id("new-key-tenant")).sendKeys("globex");
        browser.findElement(By.cssSelector("#new-key button")).click();
        // The page is drawn again with the new key in its list: an element read mid-way may be replaced under the read.
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("new-key-secret")).getText().contains("dgk_"));
        assertThat(browser.findElement(By.id("keys")).getText()).contains("made in the console", "globex wallboard");
        screenshot("keys");
        browser.get(url("#/tenants"));
        WebElement globex = shown(By.cssSelector("#tenants tr[data-tenant='globex']"));
        assertThat(globex.getText()).contains("configuration (read-only here)", "salesforce");
        screenshot("tenants");
    }

    @Test
    void theEventPageSaysWhatTheGatewayDecidedAboutTheCall() throws Exception {
        String callId = "console-warned-" + newCallId();
        Reply accepted = postGeneric("/webhooks/generic", DEMO_GENERIC_SECRET, "msg_" + callId, """
                {"type":"call.ended","callId":"%s","occurredAt":"9999-12-31T00:00:00Z","outcome":"Please remove me from your list",
                 "prospect":{"crmIds":{"salesforce":"003000000000774AAA"}}}"""
                .formatted(callId));
        String eventId = accepted.body().get("eventId").asText();

        signIn();
        shown(By.id("connectors"));
        browser.get(url("#/event/" + eventId));
        WebElement warnings = shown(By.id("warnings"));
        assertThat(warnings.findElements(By.cssSelector("li[data-code]"))).extracting(li -> li.getAttribute("data-code"))
                .containsExactly("possible_opt_out", "untrusted_time");
        assertThat(warnings.getText()).contains("treated as an opt-out: label 'Please remove me from your list' reads like one",
                "untrusted time: the vendor's time 9999-12-31T00:00:00Z");
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("warning");
        screenshot("event-warnings");
    }

    @Test
    void aWrongKeyIsRefusedAndNothingIsShown() {
        browser.get(url("#/"));
        browser.manage().deleteAllCookies();
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        WebElement key = shown(By.id("api-key"));
        key.clear();
        key.sendKeys("not-the-key");
        browser.findElement(By.cssSelector("#sign-in button")).click();
        assertThat(shown(By.id("sign-in-error")).getText()).isEqualTo("That key was refused.");
        assertThat(browser.findElement(By.id("view")).isDisplayed()).isFalse();
    }
}
