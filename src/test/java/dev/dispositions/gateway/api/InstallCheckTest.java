package dev.dispositions.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.GatewayIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The install check logs in and looks up, in the CRM itself, everything the mapping file and settings use. The
 * Bullhorn stand-in's commentActionList lacks "Transfer Missed", so that check, and only that one, fails.
 */
class InstallCheckTest extends GatewayIntegrationTest {
    @Autowired
    ApplicationContext context;

    private JsonNode check(String tenant, String crm) {
        Reply r = getRaw("/api/connectors/" + tenant + "/" + crm + "/check", Map.of("X-Api-Key", ADMIN_KEY));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body();
    }

    private static List<String> failures(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.get("checks").forEach(c -> {
            if (!c.get("ok").asBoolean()) {
                out.add(c.get("check").asText() + ": " + c.get("detail").asText());
            }
        });
        return out;
    }

    @Test
    void salesforceAndHubspotHaveEverythingTheirMappingsUse() {
        JsonNode salesforce = check("globex", "salesforce");
        assertThat(failures(salesforce)).isEmpty();
        assertThat(salesforce.get("ok").asBoolean()).isTrue();
        assertThat(salesforce.toString()).contains("Task.CallType value", "Lead.Status value", "DoNotCall exists");

        JsonNode hubspot = check("globex", "hubspot");
        assertThat(failures(hubspot)).isEmpty();
        assertThat(hubspot.toString()).contains("'Left voicemail' exists in the portal", "do_not_call exists", "contact.hs_lead_status option",
                "dialer_call_key exists with unique values");
        assertThat(salesforce.toString()).contains("Dialer_Call_Id__c exists");
    }

    @Test
    void aNoteActionMissingFromBullhornsListIsNamedPrecisely() {
        JsonNode bullhorn = check("globex", "bullhorn");

        assertThat(bullhorn.get("ok").asBoolean()).isFalse();
        assertThat(failures(bullhorn)).containsExactly(
                "Note action: 'Transfer Missed' is not in the commentActionList setting (there: [Busy, Call Back, Call Failed, "
                        + "Connected, Do Not Contact, Email, Follow Up, Gatekeeper, Interested, Left Voicemail, Meeting Booked, "
                        + "Missed Call, No Answer, Not Interested, Not Qualified, Note, Number Disconnected, Transferred, Wrong Number])");
    }

    @Test
    void theCommandPrintsEachCheckAndExitsNonZeroOnAFailure() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = InstallChecks.runCommand(context, "globex", "bullhorn", new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ok    credentials: logged in", "FAIL  Note action: 'Transfer Missed'",
                "is NOT ready");
        assertThat(InstallChecks.runCommand(context, "globex", "salesforce", new PrintStream(new ByteArrayOutputStream()))).isZero();
        assertThat(InstallChecks.runCommand(context, "default", "hubspot", new PrintStream(new ByteArrayOutputStream()))).isEqualTo(2);
    }

    @Test
    void theCheckNeedsTheAdminKeyAndAConnectorTheTenantHas() {
        assertThat(getRaw("/api/connectors/globex/salesforce/check", Map.of()).status()).isEqualTo(401);
        Reply none = getRaw("/api/connectors/acme/salesforce/check", Map.of("X-Api-Key", ADMIN_KEY));
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.body().get("reason").asText()).isEqualTo("unknown_connector");
    }
}
