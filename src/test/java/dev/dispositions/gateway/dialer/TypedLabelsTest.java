package dev.dispositions.gateway.dialer;

import static dev.dispositions.gateway.dialer.TypedLabels.event;
import dev.dispositions.gateway.dialer.TypedLabels.Change;
import static dev.dispositions.gateway.dialer.TypedLabels.file;
import static dev.dispositions.gateway.dialer.TypedLabels.normalize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.canonical.CallState;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.canonical.Warning;
import dev.dispositions.gateway.mapping.DialerMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Labels as people type them, through every typed dialer's adapter and file: each label of the file's table in
 * every spelling lands where the table says, never on the fallback; unmapped labels that read like an opt-out are
 * never a silent fallback, also in files that reject unknown labels.
 */
class TypedLabelsTest {

    static Stream<Arguments> everyTableLabelInEverySpelling() {
        List<Arguments> cases = new ArrayList<>();
        for (String dialer : TypedLabels.DIALERS) {
            file(dialer).labels().forEach((label, rule) -> {
                if (rule.outcome() != null) {
                    TypedLabels.spellings(label).forEach(typed -> cases.add(Arguments.of(dialer, typed, rule.outcome())));
                }
            });
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: \"{1}\" -> {2}")
    @MethodSource("everyTableLabelInEverySpelling")
    void aLabelTypedAnyWayLandsWhereTheTableSays(String dialer, String typed, String expected) {
        CanonicalDisposition e = event(normalize(dialer, typed));
        assertThat(e.outcome()).hasToString(expected);
        assertThat(e.warnings()).as("no fallback, no inferred opt-out").isEmpty();
        assertThat(e.vendorLabels()).doesNotContainKeys(DialerMapping.FALLBACK_FOR, DialerMapping.OPT_OUT_INFERRED_FROM);
    }

    static Stream<Arguments> optOutsNotInAnyTable() {
        List<Arguments> cases = new ArrayList<>();
        for (String dialer : TypedLabels.DIALERS) {
            for (String phrase : List.of("please remove me from your list", "Stop calling me", "opted out by text", "DNC - asked twice",
                    "UNSUBSCRIBE", "take me off the list")) {
                cases.add(Arguments.of(dialer, phrase));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: \"{1}\" becomes DO_NOT_CONTACT, with a warning")
    @MethodSource("optOutsNotInAnyTable")
    void anUnmappedOptOutIsDoNotContactByDefaultEvenInAFileThatRejects(String dialer, String phrase) {
        CanonicalDisposition e = event(normalize(dialer, phrase));
        assertThat(e.outcome()).isEqualTo(Outcome.DO_NOT_CONTACT);
        assertThat(e.vendorLabels()).containsEntry(DialerMapping.OPT_OUT_INFERRED_FROM, phrase).doesNotContainKey(DialerMapping.FALLBACK_FOR);
        assertThat(e.warnings()).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo(Warning.POSSIBLE_OPT_OUT);
            assertThat(w.message()).isEqualTo("treated as an opt-out: label '" + phrase
                    + "' reads like one; map it to confirm (to DO_NOT_CONTACT, or to what it means)");
        });
    }

    @ParameterizedTest(name = "{0}: \"{1}\" is refused when the tenant says reject")
    @MethodSource("optOutsNotInAnyTable")
    void anUnmappedOptOutIsRefusedWhenTheSettingSaysReject(String dialer, String phrase) {
        DialerMapping rejecting = file(dialer).forTenant(Map.of(), dev.dispositions.gateway.mapping.PossibleOptOut.REJECT);
        assertThatThrownBy(() -> normalize(dialer, phrase, rejecting, root -> { }))
                .isInstanceOfSatisfying(WebhookRejected.class, r -> {
                    assertThat(r.status()).isEqualTo(422);
                    assertThat(r.reason()).isEqualTo("possible_opt_out");
                    assertThat(r.field()).isNotBlank();
                    assertThat(r.getMessage()).startsWith("'" + phrase + "' reads like an opt-out").contains("map it");
                });
    }

    @ParameterizedTest(name = "{0}: a mapped label stays mapped under reject")
    @MethodSource("dialers")
    void theRejectSettingOnlyConcernsUnmappedLabels(String dialer) {
        var mapped = file(dialer).labels().entries().entrySet().stream().filter(e -> e.getValue().outcome() != null)
                .findFirst().orElseThrow();
        DialerMapping rejecting = file(dialer).forTenant(Map.of(), dev.dispositions.gateway.mapping.PossibleOptOut.REJECT);
        assertThat(event(normalize(dialer, mapped.getKey(), rejecting, root -> { })).outcome()).hasToString(mapped.getValue().outcome());
    }

    static Stream<String> dialers() {
        return TypedLabels.DIALERS.stream();
    }

    @ParameterizedTest(name = "{0}: an unmapped label that does not read like an opt-out follows unknownLabel")
    @MethodSource("dialers")
    void otherUnmappedLabelsFollowTheFile(String dialer) {
        String label = "DNCR check passed";   // "dnc" inside another word is not an opt-out
        DialerMapping m = file(dialer);
        if (m.unknownLabel().fallback() == null) {
            assertThatThrownBy(() -> normalize(dialer, label))
                    .isInstanceOfSatisfying(WebhookRejected.class, r -> assertThat(r.reason()).isEqualTo("unknown_outcome"));
            return;
        }
        CanonicalDisposition e = event(normalize(dialer, label));
        if (dialer.equals("aircall") || dialer.equals("dialpad") || dialer.equals("salesfinity")) {
            // An unknown tag or disposition gives way to what happened on the call, which the table knows: said so.
            assertThat(e.vendorLabels()).containsEntry(DialerMapping.PASSED_OVER, label);
            assertThat(e.warnings()).extracting(Warning::code).containsExactly(Warning.UNMAPPED_LABEL);
            assertThat(e.warnings().get(0).message()).startsWith("unmapped label '" + label + "': not in mappings/dialers/" + dialer);
            return;
        }
        assertThat(e.outcome()).hasToString(m.unknownLabel().fallback());
        assertThat(e.vendorLabels()).containsEntry(DialerMapping.FALLBACK_FOR, label);
        assertThat(e.warnings()).extracting(Warning::code).containsExactly(Warning.UNMAPPED_LABEL);
        assertThat(e.warnings().get(0).message()).startsWith("unmapped label '" + label + "': recorded as " + m.unknownLabel().fallback());
    }

    @ParameterizedTest(name = "a tenant's \"{1}\" replaces the {0} file's entry of the same normal form")
    @MethodSource("tenantOverrides")
    void aTenantsLabelReplacesTheFilesSpellingOfIt(String dialer, String tenantSpelling, String fileLabel) {
        DialerMapping tenant = file(dialer).forTenant(Map.of(tenantSpelling, "GATEKEEPER"), null);
        assertThat(event(normalize(dialer, fileLabel, tenant, root -> { })).outcome()).isEqualTo(Outcome.GATEKEEPER);
    }

    @ParameterizedTest(name = "{0}: a mapped do-not-contact wins over an unmapped opt-out the tenant would refuse")
    @MethodSource("mappedBeforeRefused")
    void aMappedDoNotContactAmongSeveralLabelsIsNeverRefused(String dialer, Change labels) {
        DialerMapping rejecting = file(dialer).forTenant(Map.of(), dev.dispositions.gateway.mapping.PossibleOptOut.REJECT);
        CanonicalDisposition e = event(normalize(dialer, "DNC - unsure", rejecting, labels));
        assertThat(e.outcome()).isEqualTo(Outcome.DO_NOT_CONTACT);
        assertThat(e.vendorLabels()).doesNotContainKey(DialerMapping.OPT_OUT_INFERRED_FROM);
    }

    static Stream<Arguments> mappedBeforeRefused() {
        return Stream.of(
                Arguments.of("aircall", (Change) root -> ((com.fasterxml.jackson.databind.node.ArrayNode) root.get("data").get("tags"))
                        .addObject().put("name", "Do Not Call")),
                Arguments.of("dialpad", (Change) root -> root.putArray("dispositions").addObject().put("name", "Do Not Call")));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "generic: \"{0}\" is {1}")
    @org.junit.jupiter.params.provider.CsvSource({"No Answer, NO_ANSWER", "left voicemail, LEFT_VOICEMAIL", "Do Not Contact, DO_NOT_CONTACT"})
    void theGenericOutcomeNamesMayBeWrittenWithSpaces(String typed, String expected) {
        CanonicalDisposition e = event(normalize("generic", typed));
        assertThat(e.outcome()).hasToString(expected);
        assertThat(e.warnings()).isEmpty();
    }

    static Stream<Arguments> tenantOverrides() {
        return Stream.of(Arguments.of("symbo", "connected-interested", "Connected — Interested"),
                Arguments.of("salesloft", "LEFT  VOICEMAIL", "Left Voicemail"),
                Arguments.of("aircall", "meeting booked", "Meeting Booked"),
                Arguments.of("aircall", "didn't pick up", "Didn\u2019t Pick Up"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("liveStatesCarryingMore")
    void aLiveStateStaysLiveWhateverElseThePayloadCarries(String name, String dialer, String label,
                                                          Change more) {
        // The tenant maps Salesfinity's disposition id 4: a live state must win over a disposition that maps.
        CanonicalDisposition e = event(normalize(dialer, label, file(dialer).forTenant(Map.of("4", "MEETING_BOOKED"), null), more));
        assertThat(e.state()).isEqualTo(CallState.IN_PROGRESS);
        assertThat(e.outcome()).isNull();
    }

    static Stream<Arguments> liveStatesCarryingMore() {
        return Stream.of(
                Arguments.of("salesfinity Ringing with an early disposition", "salesfinity", "Meeting Set",
                        (Change) root -> {
                            root.put("event", "CALL_STATUS");
                            ((ObjectNode) root.get("data")).put("status", "ringing");
                        }),
                Arguments.of("salesfinity Answered with a disposition id", "salesfinity", "Completed",
                        (Change) root -> {
                            ((ObjectNode) root.get("data")).put("status", "ANSWERED");
                            ((ObjectNode) root.get("data").get("disposition")).put("id", 4);
                        }),
                Arguments.of("calliyo In-progress with a lead status", "calliyo", "in progress",
                        (Change) root ->
                                ((ObjectNode) root.get("call")).put("lead_status", "Interested")),
                Arguments.of("calliyo In–progress typed with an en dash", "calliyo", "IN \u2013 PROGRESS",
                        (Change) root -> { }),
                Arguments.of("symbo call:created with an outcome", "symbo", "Meeting Booked",
                        (Change) root -> root.put("event", "call:created")),
                Arguments.of("generic call.progress with an outcome", "generic", "MEETING_BOOKED",
                        (Change) root -> root.put("type", "call.progress")),
                Arguments.of("aircall call.answered with a tag", "aircall", "Meeting Booked",
                        (Change) root -> root.put("event", "call.answered")),
                Arguments.of("dialpad ringing with a disposition", "dialpad", "Meeting Booked",
                        (Change) root -> root.put("state", "ringing")));
    }
}
