package dev.dispositions.gateway.dialer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.DemoDialers;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.mapping.MappingCatalogs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every dialer, signed as its vendor signs, through the whole gateway to a Salesforce Task with the right outcome. */
class EveryDialerEndToEndTest extends GatewayIntegrationTest {

    static Stream<DemoDialers.Dialer> dialers() {
        return DemoDialers.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialers")
    void aSignedFinishedCallBecomesOneTaskCarryingItsOutcome(DemoDialers.Dialer dialer) throws Exception {
        // A numeric id keeps numeric-id vendors (Aircall, Outreach, Salesloft) realistic.
        String callId = String.valueOf(7_000_000_000L + (System.nanoTime() % 1_000_000_000L));
        String payload = Goldens.text(dialer.sample()).replace(dialer.sampleCallId(), callId);
        DemoDialers.Signed signed = dialer.sign(payload.getBytes(StandardCharsets.UTF_8));

        Reply reply = postRaw("/webhooks/" + dialer.id(), dialer.contentType(), signed.headers(),
                new String(signed.body(), StandardCharsets.UTF_8));

        assertThat(reply.status()).as(reply.raw()).isEqualTo(202);
        JsonNode event = event(reply.body().get("eventId").asText());
        assertThat(event.get("outcome").asText()).isEqualTo(dialer.outcome());
        assertThat(event.get("callId").asText()).isEqualTo(callId);
        await().atMost(Duration.ofSeconds(15)).until(() -> tasksFor(callId).size() == 1);
        String expected = MappingCatalogs.packaged().crm("salesforce").orElseThrow().outcomes().get(dialer.outcome());
        assertThat(json.readTree(tasksFor(callId).get(0).getBodyAsString()).get("CallDisposition").asText()).isEqualTo(expected);

        Reply again = postRaw("/webhooks/" + dialer.id(), dialer.contentType(), dialer.sign(payload.getBytes(StandardCharsets.UTF_8)).headers(),
                new String(dialer.sign(payload.getBytes(StandardCharsets.UTF_8)).body(), StandardCharsets.UTF_8));
        assertThat(again.status()).as("the same call event again").isIn(200, 202);
        afterDispatchCycles(2); // long enough for a second write to have been sent, had the duplicate made one
        assertThat(tasksFor(callId)).as("still one Task").hasSize(1);
    }
}
