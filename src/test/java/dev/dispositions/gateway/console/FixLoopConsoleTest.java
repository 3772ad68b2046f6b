package dev.dispositions.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.TestCall;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A tenant admin fixes a failed sync in the console: a call fails because Bullhorn does not know the person, the
 * hint says what to do, the admin sets the person's id and replays, the call lands, and the audit names the admin.
 * The failed-syncs and waiting pages work on a phone-sized screen and refresh their lists by themselves.
 */
class FixLoopConsoleTest extends ChromiumTest {
    private static final java.util.Map<String, String> OPERATOR = java.util.Map.of("X-Api-Key", ADMIN_KEY);

    @AfterEach
    void wideAgain() throws Exception {
        browser.manage().window().setSize(new Dimension(1400, 1000));
        asOperator("POST", "/api/connectors/hooli/hubspot/resume", "");
    }

    @Test
    void anAdminSetsTheUnknownPersonsIdFromTheHintAndTheCallLands() throws Exception {
        Reply key = postRaw("/api/keys", "application/json", OPERATOR,
                "{\"name\":\"Grace at globex support\",\"role\":\"tenant-admin\",\"tenant\":\"globex\"}");
        String callId = "loop-" + newCallId();
        String eventId = accepted(TestCall.of(callId, "Busy").asTenant("globex").ids("003000000000101AAA", "101", null));
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(delivery(eventId, "bullhorn").path("status").asText()));
        long deadLetter = delivery(eventId, "bullhorn").path("id").asLong();

        signIn(key.body().path("secret").asText());
        shown(By.id("connectors"));
        browser.get(url("#/failed?crm=bullhorn"));
        var row = shown(By.cssSelector("#dead-letters tr[data-id='" + deadLetter + "']"));
        assertThat(row.getText()).contains("set their bullhorn id on the event (Fix) and replay");
        screenshot("failed-syncs-hints");
        row.click();

        assertThat(shown(By.id("hint")).getText()).contains("the bullhorn person is not known");
        shown(By.id("fix-person")).sendKeys("404404");
        browser.findElement(By.id("fix-replay")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("fix-result"), "no ClientContact 404404"));
        var person = browser.findElement(By.id("fix-person"));
        person.clear();
        person.sendKeys("4512");
        browser.findElement(By.id("fix-reason")).sendKeys("Ada's new number");
        screenshot("failed-sync-fix");
        browser.findElement(By.id("fix-replay")).click();

        // The event's page: the Bullhorn delivery lands and its Note links into Bullhorn.
        wait.until(ExpectedConditions.urlContains("#/event/" + eventId));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(delivery(eventId, "bullhorn").path("status").asText()));
        browser.navigate().refresh();
        var link = shown(By.cssSelector("#deliveries tr[data-crm='bullhorn'] a.record-link"));
        assertThat(link.getAttribute("href")).startsWith("https://cls42.bullhornstaffing.com/BullhornSTAFFING/OpenWindow.cfm?Entity=Note&id=");
        assertThat(shown(By.id("timeline")).getText()).contains("Grace at globex support").contains("Ada's new number");

        JsonNode audit = getRaw("/api/audit?tenant=globex&limit=100", OPERATOR).body().path("entries");
        assertThat(audit.toString()).contains("\"actor\":\"Grace at globex support\"").contains("\"action\":\"event.edit\"").contains(eventId);
    }

    @Test
    void theWaitingPageSaysWhyOnAPhoneAndRefreshesWithoutAReload() throws Exception {
        asOperator("POST", "/api/connectors/hooli/hubspot/pause", "{\"reason\":\"portal maintenance tonight\"}");
        signIn();
        shown(By.id("connectors"));
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(url("#/waiting?tenant=hooli"));
        shown(By.id("waiting"));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.notReloaded = true");
        String eventId = accepted(TestCall.of("wait-ui-" + newCallId(), "Busy").asTenant("hooli").ids(null, "101", null));
        long id = delivery(eventId, "hubspot").path("id").asLong();

        var row = wait.withTimeout(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#waiting tr[data-id='" + id + "']")));
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.notReloaded")).isEqualTo(true);
        assertThat(row.getText()).contains("paused").contains("portal maintenance tonight");
        assertThat(row.getSize().getWidth()).as("a card within the phone's width").isLessThanOrEqualTo(390);
        screenshot("waiting-phone");

        browser.get(url("#/failed"));
        var table = shown(By.id("dead-letters"));
        assertThat(table.getSize().getWidth()).isLessThanOrEqualTo(390);
        screenshot("failed-syncs-phone");
    }

    @Test
    void aTenantAdminSubscribesTheDeskToAlertsAndSeesWhatWasSent() throws Exception {
        Reply key = postRaw("/api/keys", "application/json", OPERATOR,
                "{\"name\":\"Grace at globex support\",\"role\":\"tenant-admin\",\"tenant\":\"globex\"}");
        signIn(key.body().path("secret").asText());
        shown(By.id("connectors"));
        browser.get(url("#/alerts"));
        shown(By.id("alert-form"));
        String address = "desk+" + System.nanoTime() + "@globex.example";
        browser.findElement(By.id("alert-to")).sendKeys(address);
        browser.findElement(By.cssSelector("#alert-form input[value='digest']")).click();
        browser.findElement(By.id("alert-subscribe")).click();
        var row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//table[@id='alert-subscriptions']//tr[td[text()='"
                + address + "']]")));
        assertThat(row.getText()).contains("dead-letter, reauth, digest").contains("Grace at globex support");

        String callId = "alert-ui-" + newCallId();
        String eventId = accepted(TestCall.of(callId, "Busy").asTenant("globex").ids("003000000000101AAA", "101", null));
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(delivery(eventId, "bullhorn").path("status").asText()));
        await().atMost(Duration.ofSeconds(20)).until(() -> java.util.Arrays.stream(MAIL.getReceivedMessages()).anyMatch(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(address) && m.getSubject().contains(callId);
            } catch (Exception e) {
                return false;
            }
        }));
        browser.navigate().refresh();
        assertThat(shown(By.id("alerts-sent")).getText()).contains("Failed sync: bullhorn of call " + callId).contains("SENT");
        screenshot("alerts");
        row = shown(By.xpath("//table[@id='alert-subscriptions']//tr[td[text()='" + address + "']]"));
        row.findElement(By.tagName("button")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.xpath("//table[@id='alert-subscriptions']//tr[td[text()='"
                + address + "']]")));
    }

    @Test
    void underCreateLeadTheAdminSeesOneLeadMadeForTheCallerEvenWhenItsFirstAnswerWasLost() throws Exception {
        String tenant = "leads-ui-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String secret = "whsec_Y29uc29sZS1sZWFkcy1zaWduaW5nLWtleQ==";
        assertThat(asOperator("POST", "/api/tenants", "{\"id\":\"" + tenant + "\"}").status()).isEqualTo(201);
        assertThat(asOperator("PUT", "/api/tenants/" + tenant + "/dialers/generic", "{\"secret\":\"" + secret + "\"}").status()).isEqualTo(200);
        assertThat(asOperator("PUT", "/api/tenants/" + tenant + "/crms/salesforce", "{\"login-url\":\"" + SALESFORCE.baseUrl()
                + "\",\"client-id\":\"demo-client-id\",\"client-secret\":\"demo-client-secret\",\"unknown-person\":\"create-lead\"}").status())
                .isEqualTo(200);
        String phone = "+1415" + (1_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(8_999_999));
        String leads = "/services/data/v61.0/sobjects/Lead";
        var lost = SALESFORCE.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(com.github.tomakehurst.wiremock.client.WireMock
                .urlPathEqualTo(leads)).atPriority(1).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(phone))
                .inScenario(phone).whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED).willSetStateTo("created")
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
        var found = SALESFORCE.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(com.github.tomakehurst.wiremock.client.WireMock
                .urlPathEqualTo("/services/data/v61.0/query")).atPriority(1)
                .withQueryParam("q", com.github.tomakehurst.wiremock.client.WireMock.containing(phone)).inScenario(phone).whenScenarioStateIs("created")
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("{\"totalSize\":1,\"done\":true,\"records\":"
                        + "[{\"attributes\":{\"type\":\"Lead\"},\"Id\":\"00Q000000000888AAA\"}]}")));
        try {
            List<String> events = new java.util.ArrayList<>();
            for (String name : new String[] {"Ada Lovelace", null}) {
                String callId = "lead-ui-" + newCallId();
                var body = json.createObjectNode().put("type", "call.ended").put("callId", callId).put("outcome", "LEFT_VOICEMAIL");
                var prospect = body.putObject("prospect").put("phone", phone);
                if (name != null) {
                    prospect.put("name", name);
                }
                Reply r = postGeneric("/webhooks/" + tenant + "/generic", secret, "msg_" + callId, body.toString());
                assertThat(r.status()).as(r.raw()).isEqualTo(202);
                events.add(r.body().path("eventId").asText());
                await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(delivery(events.get(events.size() - 1), "salesforce")
                        .path("status").asText()));
            }
            assertThat(SALESFORCE.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(com.github.tomakehurst.wiremock.client
                    .WireMock.urlPathEqualTo(leads)).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(phone))))
                    .as("one Lead: the lost answer's retry looked the number up").hasSize(1);

            Reply key = postRaw("/api/keys", "application/json", OPERATOR, "{\"name\":\"Ada's admin\",\"role\":\"tenant-admin\",\"tenant\":\""
                    + tenant + "\"}");
            signIn(key.body().path("secret").asText());
            shown(By.id("connectors"));
            for (String eventId : events) {
                browser.get(url("#/event/" + eventId));
                var row = shown(By.cssSelector("#deliveries tr[data-crm='salesforce']"));
                assertThat(row.getText()).contains("DELIVERED").contains("linked to Lead 00Q000000000888AAA, which the gateway created for the caller " + phone);
            }
            screenshot("event-created-lead");
        } finally {
            SALESFORCE.removeStub(lost);
            SALESFORCE.removeStub(found);
        }
    }
}
