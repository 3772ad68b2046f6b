package dev.dispositions.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.TestCall;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What is on its way and why: a paused connector's deliveries say so with the connector's state, a delivery
 * retrying says when and after what; support sends one now, or gives one up, never a do-not-contact one.
 */
class WaitingDeliveriesTest extends GatewayIntegrationTest {
    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void resume() throws Exception {
        asOperator("POST", "/api/connectors/hooli/hubspot/resume", "");
    }

    private JsonNode waiting(String query) throws Exception {
        Reply r = asOperator("GET", "/api/deliveries/waiting?" + query, "");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body();
    }

    private static JsonNode row(JsonNode page, String eventId, String action) {
        for (JsonNode d : page.path("deliveries")) {
            if (eventId.equals(d.path("eventId").asText()) && action.equals(d.path("action").asText())) {
                return d;
            }
        }
        throw new AssertionError("no " + action + " delivery of " + eventId + " in " + page);
    }

    @Test
    void aPausedConnectorsDeliveriesWaitWithItsStateAndARetryingOneSaysWhenAndWhy() throws Exception {
        assertThat(asOperator("POST", "/api/connectors/hooli/hubspot/pause", "{\"reason\":\"portal migration\"}").status()).isEqualTo(200);
        String kept = accepted(TestCall.of("wait-" + newCallId(), "Busy").asTenant("hooli").ids(null, "101", null));
        String givenUp = accepted(TestCall.of("wait-" + newCallId(), "Busy").asTenant("hooli").ids(null, "101", null));
        String optOut = accepted(TestCall.of("wait-" + newCallId(), "Do not call").asTenant("hooli").ids(null, "101", null));

        JsonNode paused = waiting("tenant=hooli&crm=hubspot&why=paused&limit=500");
        JsonNode one = row(paused, kept, "activity");
        assertThat(one.path("why").asText()).isEqualTo("paused");
        assertThat(one.path("state").asText()).isEqualTo("PAUSED");
        assertThat(one.path("stateReason").asText()).isEqualTo("portal migration");
        assertThat(one.path("stateSince").asText()).isNotBlank();

        long dnc = row(paused, optOut, "do-not-contact").path("id").asLong();
        Reply refused = asOperator("POST", "/api/deliveries/" + dnc + "/discard", "{\"reason\":\"duplicate\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("reason").asText()).isEqualTo("do_not_contact_locked");
        assertThat(asOperator("POST", "/api/deliveries/" + dnc + "/discard", "{}").status()).as("a reason is required").isEqualTo(400);
        long drop = row(paused, givenUp, "activity").path("id").asLong();
        assertThat(asOperator("POST", "/api/deliveries/" + drop + "/discard", "{\"reason\":\"test call\"}").status()).isEqualTo(200);
        assertThat(delivery(givenUp, "hubspot").path("status").asText()).isEqualTo("DISCARDED");

        // The kept one failed once and waits an hour for its next attempt, as after a CRM outage.
        long retrying = row(paused, kept, "activity").path("id").asLong();
        jdbc.update("update outbox set status = 'RETRYING', attempts = 1, last_result = 'TRANSIENT', last_detail = 'HTTP 503: upstream down', "
                + "next_attempt_at = ? where id = ?", Instant.now().plusSeconds(3600).atOffset(ZoneOffset.UTC), retrying);
        asOperator("POST", "/api/connectors/hooli/hubspot/resume", "");
        JsonNode again = row(waiting("tenant=hooli&why=retrying&limit=500"), kept, "activity");
        assertThat(again.path("lastDetail").asText()).isEqualTo("HTTP 503: upstream down");
        assertThat(Instant.parse(again.path("nextAttemptAt").asText())).isAfter(Instant.now().plusSeconds(3000));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(delivery(optOut, "hubspot", "do-not-contact").path("status").asText()));
        assertThat(delivery(kept, "hubspot").path("status").asText()).as("waits for its next attempt").isEqualTo("RETRYING");

        assertThat(asOperator("POST", "/api/deliveries/" + retrying + "/retry-now", "").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(delivery(kept, "hubspot").path("status").asText()));
        assertThat(asOperator("POST", "/api/deliveries/" + retrying + "/retry-now", "").status()).as("nothing waits now").isEqualTo(409);
        assertThat(event(kept).path("timeline").toString()).contains("retry_now");
    }

    @Test
    void anUnknownReasonIsRefusedByName() throws Exception {
        Reply r = asOperator("GET", "/api/deliveries/waiting?why=stuck", "");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("field").asText()).isEqualTo("why");
    }
}
