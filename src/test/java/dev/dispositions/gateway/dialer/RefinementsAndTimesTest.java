package dev.dispositions.gateway.dialer;

import static dev.dispositions.gateway.dialer.TypedLabels.event;
import static dev.dispositions.gateway.dialer.TypedLabels.file;
import static dev.dispositions.gateway.dialer.TypedLabels.normalize;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.canonical.Warning;
import dev.dispositions.gateway.dialer.TypedLabels.Change;
import dev.dispositions.gateway.mapping.DialerMapping;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** A refinement refines only its own outcome; a vendor time that cannot be read never poisons the call. */
class RefinementsAndTimesTest {

    @ParameterizedTest(name = "calliyo {0} with lead status {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "Called    | interested     | INTERESTED",
            "called    | NOT INTERESTED | NOT_INTERESTED",
            "Called    | Not Picked     | CONNECTED",
            "Busy      | Interested     | BUSY",
            "No Answer | Interested     | NO_ANSWER",
            "Follow up | Not Interested | FOLLOW_UP",
            "Busy      | Do Not Call    | DO_NOT_CONTACT"})
    void calliyosLeadStatusRefinesCalledOnly(String status, String leadStatus, String expected) {
        CanonicalDisposition e = event(normalize("calliyo", status, file("calliyo"),
                root -> ((ObjectNode) root.get("call")).put("lead_status", leadStatus)));
        assertThat(e.outcome()).hasToString(expected);
        assertThat(e.vendorLabels()).containsEntry("label", status).containsEntry("leadStatus", leadStatus);
    }

    @org.junit.jupiter.api.Test
    void aLeadStatusMeaningDoNotContactCountsEvenWhenTheCallStatusIsRefused() {
        CanonicalDisposition e = event(normalize("calliyo", "Hung up early", file("calliyo"),
                root -> ((ObjectNode) root.get("call")).put("lead_status", "DNC")));
        assertThat(e.outcome()).isEqualTo(Outcome.DO_NOT_CONTACT);
    }

    @org.junit.jupiter.api.Test
    void aTenantsLabelsRefineToo() {
        DialerMapping tenant = file("calliyo").forTenant(java.util.Map.of("Blacklisted", "DO_NOT_CONTACT", "Hot lead", "INTERESTED"), null);
        assertThat(event(normalize("calliyo", "Called", tenant, root -> ((ObjectNode) root.get("call")).put("lead_status", "hot lead")))
                .outcome()).isEqualTo(Outcome.INTERESTED);
        assertThat(event(normalize("calliyo", "Busy", tenant, root -> ((ObjectNode) root.get("call")).put("lead_status", "Blacklisted")))
                .outcome()).isEqualTo(Outcome.DO_NOT_CONTACT);
    }

    @org.junit.jupiter.api.Test
    void aRefiningValueNobodyMapsIsAWarning() {
        CanonicalDisposition e = event(normalize("calliyo", "Called", file("calliyo"),
                root -> ((ObjectNode) root.get("call")).put("lead_status", "Warm-ish")));
        assertThat(e.outcome()).isEqualTo(Outcome.CONNECTED);
        assertThat(e.warnings()).extracting(Warning::message).containsExactly("unmapped label 'Warm-ish': it did not refine CONNECTED "
                + "(not in the refinement of mappings/dialers/calliyo.yaml or the tenant's labels)");
    }

    @org.junit.jupiter.api.Test
    void anOverLongLabelThatReadsLikeAnOptOutIsOneAndOtherwiseA422() {
        String rant = "x".repeat(300) + " please do not call me again";
        CanonicalDisposition e = event(normalize("symbo", rant));
        assertThat(e.outcome()).isEqualTo(Outcome.DO_NOT_CONTACT);
        assertThat(e.vendorLabels().get("label")).hasSize(DialerMapping.MAX_LABEL + 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> normalize("symbo", "x".repeat(300)))
                .isInstanceOfSatisfying(WebhookRejected.class, r -> assertThat(r.reason()).isEqualTo("invalid_value"));
    }

    @ParameterizedTest(name = "salesloft disposition {0} with sentiment {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "Connected        | Demo Scheduled  | MEETING_BOOKED",
            "connected        | company-bad fit | DISQUALIFIED",
            "No Answer        | Demo Scheduled  | NO_ANSWER",
            "Left Voicemail   | Interested      | LEFT_VOICEMAIL",
            "Connected        | Curious         | CONNECTED",
            "Spoke with DM    | demo scheduled  | MEETING_BOOKED",
            "Busy             | please stop calling me | DO_NOT_CONTACT"})
    void salesloftsSentimentRefinesAConnectedCallOnly(String disposition, String sentiment, String expected) {
        CanonicalDisposition e = event(normalize("salesloft", disposition, file("salesloft"), root -> root.put("sentiment", sentiment)));
        assertThat(e.outcome()).hasToString(expected);
        assertThat(e.sentiment()).isEqualTo(sentiment);
        if (disposition.startsWith("Spoke")) {
            // The team's own disposition is not in the table: the sentiment decided, and the event says so.
            assertThat(e.warnings()).extracting(Warning::message)
                    .containsExactly("unmapped label 'Spoke with DM': not in mappings/dialers/salesloft.yaml or the tenant's labels, "
                            + "so 'demo scheduled' decided the outcome; map it there");
        }
    }

    @ParameterizedTest(name = "{0}: an unreadable time falls back to the receipt time, with a warning")
    @MethodSource("unreadableTimes")
    void anUnreadableVendorTimeIsTheReceiptTimeWithAWarning(String dialer, String field, Change unreadable) {
        String label = file(dialer).labels().entries().keySet().iterator().next();
        CanonicalDisposition e = event(normalize(dialer, label, file(dialer), unreadable));
        assertThat(e.occurredAt()).isEqualTo(Goldens.RECEIVED_AT);
        assertThat(e.occurredAtSource()).isEqualTo("receipt");
        assertThat(e.warnings()).filteredOn(w -> w.code().equals(Warning.UNREADABLE_TIME)).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("at " + field).contains("receipt time"));
    }

    static Stream<Arguments> unreadableTimes() {
        return Stream.of(
                Arguments.of("generic", "$.occurredAt", (Change) root -> root.put("occurredAt", "yesterday at noon")),
                Arguments.of("symbo", "$.call.ended_at", (Change) root -> ((ObjectNode) root.get("call")).put("ended_at", "2026-13-45")),
                Arguments.of("calliyo", "$.logged_at", (Change) root -> root.put("logged_at", "23/11/2026 11:45")),
                Arguments.of("aircall", "$.timestamp", (Change) root -> {
                    root.put("timestamp", "soon");
                    ((ObjectNode) root.get("data")).remove("ended_at");
                }),
                Arguments.of("dialpad", "event_timestamp", (Change) root -> root.put("event_timestamp", "not-a-number")));
    }

    @ParameterizedTest(name = "{0}: an absurd epoch is no time at all, never an error")
    @CsvSource({"aircall, 99999999999999999", "aircall, -99999999999999999"})
    void anEpochBeyondAnyInstantIsUnreadable(String dialer, long epoch) {
        String label = file(dialer).labels().entries().keySet().iterator().next();
        CanonicalDisposition e = event(normalize(dialer, label, file(dialer), root -> {
            root.put("timestamp", epoch);
            ((ObjectNode) root.get("data")).remove("ended_at");
        }));
        assertThat(e.occurredAtSource()).isEqualTo("receipt");
        assertThat(e.warnings()).extracting(Warning::code).contains(Warning.UNREADABLE_TIME);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"twilio"})
    void twiliosOwnSpelledOutDatesAreRead(String dialer) {
        DialerMapping twilio = file(dialer);
        String form = "CallSid=CA1&CallStatus=busy&SequenceNumber=1&Timestamp=Thurs,+20+July+2026+18:30:43+%2B0000";
        Normalized n = DialerGoldenTest.adapter(dialer).normalize(Goldens.webhook(dialer, "http://localhost/webhooks/twilio",
                "application/x-www-form-urlencoded", java.util.Map.of(), form.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                twilio, new dev.dispositions.gateway.config.GatewayProperties.DialerSettings(true,
                        dev.dispositions.gateway.config.Secret.of("t"), java.util.Map.of(), "US", null));
        assertThat(event(n).occurredAt()).hasToString("2026-07-20T18:30:43Z");
        assertThat(event(n).outcome()).isEqualTo(Outcome.BUSY);
    }
}
