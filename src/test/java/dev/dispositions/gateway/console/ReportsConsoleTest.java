package dev.dispositions.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The reports page: a tenant's figures per rep as a table that matches the API, the rates by day and each rep's
 * outcome mix drawn as charts; a tenant key sees its own tenant only. Its calls are on days of their own (April 2026).
 */
class ReportsConsoleTest extends ChromiumTest {
    private static final String PAGE = "#/reports?tenant=initech&from=2026-04-06&to=2026-04-07&groupBy=agent";

    private void send(String at, String agent, String outcome, int talk) {
        String body = "{\"type\": \"call.ended\", \"callId\": \"" + newCallId() + "\", \"occurredAt\": \"" + at + "\", \"outcome\": \""
                + outcome + "\", \"agent\": {\"email\": \"" + agent + "\"}, \"campaign\": \"Spring\", \"list\": \"EMEA\", "
                + "\"talkTimeSeconds\": " + talk + "}";
        Reply r = postGeneric("/webhooks/initech/generic", ACME_SECRET, "msg_" + newCallId(), body);
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
    }

    private String figure(String agent, String name) {
        return shown(By.cssSelector("#report-table tr[data-group='" + agent + "'] td[data-figure='" + name + "']")).getText();
    }

    @Test
    void aTenantsFiguresPerRepAreATableAndTwoChartsThatMatchTheApi() throws Exception {
        send("2026-04-06T09:00:00Z", "ann@initech.example", "MEETING_BOOKED", 200);
        send("2026-04-06T09:30:00Z", "ann@initech.example", "NO_ANSWER", 0);
        send("2026-04-06T10:00:00Z", "bob@initech.example", "CALLBACK_REQUESTED", 90);
        send("2026-04-07T09:00:00Z", "ann@initech.example", "CONNECTED", 40);
        send("2026-04-07T09:30:00Z", "bob@initech.example", "FOLLOW_UP", 120);
        send("2026-04-07T10:00:00Z", "bob@initech.example", "LEFT_VOICEMAIL", 0);
        Map<String, String> operator = Map.of("X-Api-Key", ADMIN_KEY);
        String api = "/api/reports/outcomes?tenant=initech&from=2026-04-06&to=2026-04-07&groupBy=agent";
        await().atMost(Duration.ofSeconds(30)).until(() -> getRaw(api, operator).body().path("total").path("calls").asInt() == 6);

        signIn();
        shown(By.id("connectors"));
        browser.get(url(PAGE));
        assertThat(figure("ann@initech.example", "calls")).isEqualTo("3");
        assertThat(figure("ann@initech.example", "connects")).isEqualTo("2");
        assertThat(figure("ann@initech.example", "connectionRate")).isEqualTo("66.7 %");
        assertThat(figure("bob@initech.example", "callbacks")).isEqualTo("1");
        assertThat(figure("bob@initech.example", "followUps")).isEqualTo("1");
        assertThat(shown(By.cssSelector("#report-table tr.total td[data-figure='calls']")).getText()).isEqualTo("6");
        assertThat(shown(By.id("report-period")).getText()).contains("2026-04-06 to 2026-04-07", "6 calls", "1 meeting");

        List<WebElement> points = browser.findElements(By.cssSelector("#rates-chart circle"));
        assertThat(points).as("two days, two rates each").hasSize(4);
        int annBar = browser.findElements(By.cssSelector("#mix-chart rect[data-agent='ann@initech.example']")).stream()
                .mapToInt(r -> Integer.parseInt(r.getAttribute("data-count"))).sum();
        assertThat(annBar).as("ann's bar is her calls").isEqualTo(3);
        assertThat(browser.findElements(By.cssSelector("#mix-chart rect[data-agent='bob@initech.example'][data-part='callbacks']"))).hasSize(1);
        screenshot("reports");

        Reply key = postRaw("/api/keys", "application/json", operator,
                "{\"name\":\"globex reports desk\",\"role\":\"tenant-viewer\",\"tenant\":\"globex\"}");
        signIn(key.body().path("secret").asText());
        shown(By.id("connectors"));
        browser.get(url(PAGE));
        assertThat(shown(By.cssSelector("#report-form input[name='tenant']")).getAttribute("value")).as("its own tenant, whatever the link says")
                .isEqualTo("globex");
        assertThat(browser.findElements(By.cssSelector("#report-table tr[data-group='ann@initech.example']"))).isEmpty();
    }
}
