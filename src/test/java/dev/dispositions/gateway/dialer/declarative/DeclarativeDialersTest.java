package dev.dispositions.gateway.dialer.declarative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.dialer.Goldens;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Dialers defined by a mapping file alone, through the whole gateway to the Salesforce stand-in. */
class DeclarativeDialersTest extends GatewayIntegrationTest {
    @Autowired
    MeterRegistry meters;

    private Reply postHmac(String dialer, String header, String secret, String body, Map<String, String> extra) {
        String sig = new HmacUtils(HmacAlgorithms.HMAC_SHA_256, secret.getBytes(StandardCharsets.UTF_8)).hmacHex(body);
        Map<String, String> headers = new java.util.HashMap<>(extra);
        headers.put(header, sig);
        return postRaw("/webhooks/" + dialer, "application/json", headers, body);
    }

    private Reply postSymbo(String body) {
        return postHmac("symbo", "X-Hmac-Signature", "demo-symbo-webhook-secret", body, Map.of());
    }

    @Test
    void aSymboCallBecomesATaskOnTheProspectWithNoJavaForSymbo() throws Exception {
        String callId = "symbo-" + newCallId();
        String body = Goldens.text("dialer/symbo/call-completed-meeting-booked.json").replace("cl_5521", callId);

        Reply reply = postSymbo(body);

        assertThat(reply.status()).as(reply.raw()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> tasksFor(callId).size() == 1);
        JsonNode task = json.readTree(tasksFor(callId).get(0).getBodyAsString());
        assertThat(task.get("WhoId").asText()).isEqualTo("003000000000077AAA");
        assertThat(task.get("CallDisposition").asText()).isEqualTo("Meeting Booked");
        assertThat(task.get("CallDurationInSeconds").asInt()).isEqualTo(381);
        assertThat(task.get("Description").asText()).startsWith("Demo booked for Tuesday");
        assertThat(postSymbo(body).body().get("status").asText()).as("same event again").isEqualTo("duplicate");
    }

    @Test
    void aTenantsOwnDispositionIdWinsOverTheFilesNames() {
        String callId = "sfy-" + newCallId();
        String body = Goldens.text("dialer/salesfinity/call-logged-disposition.json")
                .replace("sf_66f1c2", callId).replace("\"id\": 4", "\"id\": 9");

        Reply reply = postHmac("salesfinity", "X-Salesfinity-Signature", "demo-salesfinity-secret", body, Map.of());

        assertThat(reply.status()).as(reply.raw()).isEqualTo(202);
        JsonNode event = event(reply.body().get("eventId").asText());
        // The file alone would say MEETING_BOOKED ("Meeting Set"); this tenant's id 9 means NOT_INTERESTED.
        assertThat(event.get("outcome").asText()).isEqualTo("NOT_INTERESTED");
    }

    @Test
    void anUnknownLabelFallsBackVisiblyAndIsCounted() {
        double before = unknownLabels("symbo");
        String callId = "symbo-" + newCallId();
        String body = Goldens.text("dialer/symbo/call-completed-meeting-booked.json")
                .replace("cl_5521", callId).replace("Meeting Booked", "Pricing Discussed");

        Reply reply = postSymbo(body);

        assertThat(reply.status()).isEqualTo(202);
        JsonNode event = event(reply.body().get("eventId").asText());
        assertThat(event.get("outcome").asText()).isEqualTo("CONNECTED");
        assertThat(event.get("canonical").get("vendorLabels").get("fallbackFor").asText()).isEqualTo("Pricing Discussed");
        assertThat(unknownLabels("symbo")).isEqualTo(before + 1);
    }

    @Test
    void aSalesloftTaskEventIsIgnoredAndACallEventIsAccepted() {
        String task = Goldens.text("dialer/salesloft/task-created.json");
        String sig = new HmacUtils(HmacAlgorithms.HMAC_SHA_1, "demo-salesloft-callback-token".getBytes(StandardCharsets.UTF_8)).hmacHex(task);

        Reply ignored = postRaw("/webhooks/salesloft", "application/json",
                Map.of("x-salesloft-event", "task_created", "x-salesloft-signature", sig), task);

        assertThat(ignored.status()).isEqualTo(200);
        assertThat(ignored.body().get("status").asText()).isEqualTo("ignored");
    }

    private double unknownLabels(String dialer) {
        var counter = meters.find("gateway.dialer.unknown_labels").tags("tenant", "default", "dialer", dialer).counter();
        return counter == null ? 0 : counter.count();
    }
}
