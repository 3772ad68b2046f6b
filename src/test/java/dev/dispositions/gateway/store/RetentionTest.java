package dev.dispositions.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.TestCall;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Retention deletes an event, its request, numbers, rows and attempts once every delivery of it is done and it is
 * older than its retention; what still has a delivery to make, a failed do-not-contact and the compliance audit stay.
 */
class RetentionTest extends GatewayIntegrationTest {
    @Autowired
    RetentionJob retention;
    @Autowired
    JdbcTemplate jdbc;

    private String deliveredCall(String outcome) {
        String eventId = accepted(TestCall.of(newCallId(), outcome).numbers("+14155550100", "+14155550199")
                .ids("003000000000101AAA", "101", "5059165"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !"received".equals(event(eventId).get("status").asText())
                && !"retrying".equals(event(eventId).get("status").asText()));
        return eventId;
    }

    /** As if the event had come {@code days} ago. */
    private void receivedDaysAgo(String eventId, int days) {
        jdbc.update("update call_event set received_at = received_at - " + days + " * interval '1' day where id = ?", eventId);
    }

    private int count(String sql, String eventId) {
        return jdbc.queryForObject(sql, Integer.class, eventId);
    }

    private boolean exists(String eventId) {
        return count("select count(*) from call_event where id = ?", eventId) == 1;
    }

    private void deleteWhatExpired() {
        while (retention.deleteOneBatch(Instant.now()) > 0) {
            // until nothing more has expired
        }
    }

    @Test
    void aDeliveredEventGoesAfterItsRetentionWithEverythingAboutItAndAYoungerOneStays() {
        String old = deliveredCall("NO_ANSWER");
        String young = deliveredCall("BUSY");
        assertThat(event(old).get("status").asText()).isEqualTo("delivered");
        String request = jdbc.queryForObject("select request_id from call_event where id = ?", String.class, old);
        receivedDaysAgo(old, 31);
        receivedDaysAgo(young, 29);

        deleteWhatExpired();

        assertThat(exists(old)).isFalse();
        assertThat(jdbc.queryForObject("select count(*) from webhook_request where id = ?", Integer.class, request)).isZero();
        assertThat(count("select count(*) from outbox where event_id = ?", old)).isZero();
        assertThat(count("select count(*) from call_phone where event_id = ?", old)).isZero();
        assertThat(exists(young)).isTrue();
        assertThat(count("select count(*) from outbox where event_id = ?", young)).isPositive();
    }

    @Test
    void anEventWithADeliveryStillToMakeStaysHoweverOld() {
        String waiting = deliveredCall("NO_ANSWER");
        jdbc.update("update outbox set status = 'RETRYING', next_attempt_at = current_timestamp + interval '1' day where event_id = ?",
                waiting);
        receivedDaysAgo(waiting, 400);

        deleteWhatExpired();

        assertThat(exists(waiting)).isTrue();
    }

    @Test
    void aDeadLetterGoesAfterItsOwnRetentionFromWhenItFailed() {
        String longDead = deliveredCall("NO_ANSWER");
        String recentlyDead = deliveredCall("NO_ANSWER");
        for (String e : new String[] {longDead, recentlyDead}) {
            receivedDaysAgo(e, 120);
        }
        jdbc.update("update outbox set status = 'FAILED', dead_reason = 'PERMANENT', dead_at = current_timestamp - interval '91' day "
                + "where event_id = ?", longDead);
        jdbc.update("update outbox set status = 'FAILED', dead_reason = 'PERMANENT', dead_at = current_timestamp - interval '10' day "
                + "where event_id = ?", recentlyDead);

        deleteWhatExpired();

        assertThat(exists(longDead)).isFalse();
        assertThat(exists(recentlyDead)).as("dead 10 days, kept 90").isTrue();
    }

    @Test
    void aFailedDoNotContactStaysAndTheComplianceAuditIsKeptForEver() {
        String optOut = deliveredCall("DO_NOT_CONTACT");
        int audited = count("select count(*) from compliance_audit where event_id = ?", optOut);
        assertThat(audited).as("every do-not-contact attempt is audited").isPositive();
        String failed = deliveredCall("DO_NOT_CONTACT");
        jdbc.update("update outbox set status = 'FAILED', dead_reason = 'PERMANENT', dead_at = current_timestamp - interval '200' day "
                + "where event_id = ? and action = 'do-not-contact'", failed);
        // The opt-out's deliveries all done (a CRM that knew no such person, fixed by support since):
        jdbc.update("update outbox set status = 'DELIVERED' where event_id = ?", optOut);
        receivedDaysAgo(optOut, 365);
        receivedDaysAgo(failed, 365);

        deleteWhatExpired();

        assertThat(exists(failed)).as("a failed do-not-contact waits for support").isTrue();
        assertThat(exists(optOut)).isFalse();
        assertThat(count("select count(*) from compliance_audit where event_id = ?", optOut)).isEqualTo(audited);
    }

    @Test
    void theApiSaysHowLongDataIsKept() {
        Reply kept = getRaw("/api/retention", java.util.Map.of("X-Api-Key", ADMIN_KEY));
        assertThat(kept.status()).as(kept.raw()).isEqualTo(200);
        assertThat(Duration.parse(kept.body().get("deliveredEvents").asText())).isEqualTo(Duration.ofDays(30));
        assertThat(Duration.parse(kept.body().get("deadLetters").asText())).isEqualTo(Duration.ofDays(90));
        assertThat(kept.body().get("complianceAudit").asText()).isEqualTo("kept for ever");
    }
}
