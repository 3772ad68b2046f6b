package dev.dispositions.gateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one normal form labels are compared in (issue: labels as people type them). */
class LabelNormalFormTest {

    @ParameterizedTest
    @ValueSource(strings = {"Connected — Interested", "connected-interested", "CONNECTED – INTERESTED ", "Connected - Interested",
            "Connected\u2212Interested", "Connected \u2011 Interested", "  connected\u00A0-\u00A0interested\t", "Ｃｏｎｎｅｃｔｅｄ－Interested"})
    void everyWayOfTypingADashedLabelIsOneLabel(String typed) {
        assertThat(LabelNormalForm.of(typed)).isEqualTo("connected-interested");
    }

    @Test
    void caseSpacesAndApostrophesAreSetAsideButWordBoundariesAreNot() {
        assertThat(LabelNormalForm.of("  No\u00A0\u00A0 Answer ")).isEqualTo("no answer");
        assertThat(LabelNormalForm.of("NoAnswer")).isEqualTo("noanswer").isNotEqualTo(LabelNormalForm.of("No Answer"));
        assertThat(LabelNormalForm.of("Didn\u2019t pick up")).isEqualTo(LabelNormalForm.of("didn't pick up"))
                .isEqualTo(LabelNormalForm.of("DIDN\u02BCT PICK UP")).isEqualTo(LabelNormalForm.of("didn`t pick up"))
                .isEqualTo(LabelNormalForm.of("didn\u00B4t pick up")).isEqualTo(LabelNormalForm.of("didn\u2018t pick up"));
        assertThat(LabelNormalForm.of("Disconnected / Not in Service")).isEqualTo("disconnected/not in service");
        assertThat(LabelNormalForm.of("completed:machine_end_beep")).isEqualTo("completed:machine_end_beep");
        assertThat(LabelNormalForm.of("Meeting\tBooked\n")).isEqualTo("meeting booked");
        assertThat(LabelNormalForm.of("\uFEFFMeeting\u200B Booked")).as("invisible characters go").isEqualTo("meeting booked");
        assertThat(LabelNormalForm.of("didn\uFF40t")).as("a full-width grave accent").isEqualTo("didn't");
    }

    @Test
    void aTableFindsAnySpellingAndAnOverlayReplacesTheSameLabel() {
        LabelTable table = new LabelTable(java.util.Map.of("Meeting Booked", DialerMapping.LabelRule.of("MEETING_BOOKED")));
        assertThat(table.find("meeting booked ")).isEqualTo(DialerMapping.LabelRule.of("MEETING_BOOKED"));
        LabelTable overlaid = table.overlay(java.util.Map.of("MEETING BOOKED", DialerMapping.LabelRule.of("INTERESTED")));
        assertThat(overlaid.find("Meeting Booked")).isEqualTo(DialerMapping.LabelRule.of("INTERESTED"));
        assertThat(overlaid.entries()).containsOnlyKeys("MEETING BOOKED");
        assertThat(overlaid.conflicts()).isEmpty();
    }

    @Test
    void twoSpellingsAgreeingAreFineDisagreeingAreAConflict() {
        var same = new java.util.LinkedHashMap<String, DialerMapping.LabelRule>();
        same.put("Connected — Interested", DialerMapping.LabelRule.of("INTERESTED"));
        same.put("Connected - Interested", DialerMapping.LabelRule.of("INTERESTED"));
        assertThat(new LabelTable(same).conflicts()).isEmpty();
        same.put("connected-INTERESTED", DialerMapping.LabelRule.of("NOT_INTERESTED"));
        assertThat(new LabelTable(same).conflicts()).containsExactly(new LabelTable.Conflict("connected-INTERESTED", "Connected — Interested"));
    }
}
