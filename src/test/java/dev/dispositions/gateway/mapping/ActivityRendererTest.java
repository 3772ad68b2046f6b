package dev.dispositions.gateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.dialer.Goldens;
import org.junit.jupiter.api.Test;

class ActivityRendererTest {
    private final CrmMapping salesforce = MappingCatalogs.packaged().crm("salesforce").orElseThrow();

    @Test
    void rendersTheGenericGoldenEventAsASalesforceCallTask() throws Exception {
        CanonicalDisposition event = Goldens.JSON.treeToValue(Goldens.json("dialer/generic/call-ended.expected.json"),
                CanonicalDisposition.class);

        var rendering = ActivityRenderer.render(event, salesforce);

        assertThat(rendering).isInstanceOfSatisfying(ActivityRenderer.Activity.class, a -> {
            assertThat(a.object()).isEqualTo("Task");
            assertThat(a.fields()).containsExactly(
                    java.util.Map.entry("Subject", "Call: Meeting Booked"),
                    java.util.Map.entry("TaskSubtype", "Call"),
                    java.util.Map.entry("Status", "Completed"),
                    java.util.Map.entry("Priority", "Normal"),
                    java.util.Map.entry("CallDisposition", "Meeting Booked"),
                    java.util.Map.entry("CallDurationInSeconds", 312),
                    java.util.Map.entry("CallType", "Outbound"),
                    java.util.Map.entry("CallObject", "dialer-call-7f3a"),
                    java.util.Map.entry("ActivityDate", "2026-11-23"),
                    java.util.Map.entry("Description", "Booked a demo for Thursday; wants pricing for 40 seats."),
                    java.util.Map.entry("WhoId", "003000000000001AAA"));
        });
    }

    @Test
    void anIgnoredOutcomeIsSkippedWithTheFilesReasonAndMissingFactsAreLeftOut() throws Exception {
        CanonicalDisposition event = Goldens.JSON.treeToValue(Goldens.json("dialer/twilio/completed-human.expected.json"),
                CanonicalDisposition.class);
        CanonicalDisposition canceled = CanonicalDisposition.builder(event.tenant(), event.dialer(), event.callId())
                .occurredAt(event.occurredAt(), "vendor").state(event.state()).outcome(Outcome.CANCELED).build();

        assertThat(ActivityRenderer.render(canceled, salesforce))
                .isInstanceOfSatisfying(ActivityRenderer.Skip.class, s -> assertThat(s.reason()).contains("canceled"));
        assertThat(ActivityRenderer.render(event, salesforce)).isInstanceOfSatisfying(ActivityRenderer.Activity.class,
                a -> assertThat(a.fields()).doesNotContainKeys("WhoId", "Description").containsEntry("CallDisposition", "Connected"));
    }
}
