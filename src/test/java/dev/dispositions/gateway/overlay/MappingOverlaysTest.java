package dev.dispositions.gateway.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.TestCall;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each tenant's own mapping: two tenants on one gateway write the same outcome as different Salesforce values; an
 * overlay is checked as a file is (the do-not-contact lock included), versioned, rolled back, tried before saving,
 * audited; a dialer overlay adds the tenant's labels and cannot map an opt-out away.
 */
class MappingOverlaysTest extends GatewayIntegrationTest {
    private static final Map<String, String> OPERATOR = Map.of("X-Api-Key", ADMIN_KEY);
    private static final String INITECH_SF = "/api/tenants/initech/mappings/crms/salesforce";
    private static final String INITECH_GENERIC = "/api/tenants/initech/mappings/dialers/generic";

    private Reply call(String method, String path, Map<String, String> key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        key.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), null, r.body().isBlank() ? null : json.readTree(r.body()), r.body());
    }

    private String sendAs(String tenant, TestCall call) {
        Reply r = postGeneric("/webhooks/" + tenant + "/generic", tenant.equals("default") ? DEMO_GENERIC_SECRET : ACME_SECRET,
                "msg_" + newCallId(), call.json());
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        return r.body().path("eventId").asText();
    }

    private String dispositionWritten(String callId) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> !tasksFor(callId).isEmpty());
        return tasksFor(callId).get(0).record().path("CallDisposition").asText();
    }

    @AfterEach
    void backToTheFiles() throws Exception {
        call("DELETE", INITECH_SF, OPERATOR, null);
        call("DELETE", INITECH_GENERIC, OPERATOR, null);
    }

    @Test
    void twoTenantsWriteTheSameOutcomeAsTheirOwnSalesforceValue() throws Exception {
        Reply saved = call("PUT", INITECH_SF, OPERATOR, "{\"overlay\": {\"outcomes\": {\"LEFT_VOICEMAIL\": \"VM - Left Message\"}}, "
                + "\"note\": \"initech's picklist\"}");
        assertThat(saved.status()).as(saved.raw()).isEqualTo(200);
        assertThat(saved.body().path("effective").path("outcomes").path("LEFT_VOICEMAIL").asText()).isEqualTo("VM - Left Message");
        assertThat(saved.body().path("effective").path("outcomes").path("NO_ANSWER").asText()).as("the rest is the file's").isEqualTo("No Answer");
        assertThat(saved.body().path("fromOverlay")).extracting(JsonNode::asText).containsExactly("outcomes.LEFT_VOICEMAIL");

        String theirs = newCallId();
        String ours = newCallId();
        sendAs("initech", TestCall.of(theirs, "LEFT_VOICEMAIL").knownPerson());
        sendAs("default", TestCall.of(ours, "LEFT_VOICEMAIL").knownPerson());
        assertThat(dispositionWritten(theirs)).isEqualTo("VM - Left Message");
        assertThat(dispositionWritten(ours)).isEqualTo("Left Voicemail");
        assertThat(tasksFor(theirs).get(0).record().path("Subject").asText()).isEqualTo("Call: VM - Left Message");
    }

    @Test
    void anOverlayIsCheckedAsAFileIsAndNothingIsSavedWhenItFails() throws Exception {
        Map<String, String> refusals = Map.of(
                "{\"overlay\": {\"ignore\": {\"DO_NOT_CONTACT\": \"we do not care\"}}}", "ignore.DO_NOT_CONTACT",
                "{\"overlay\": {\"outcomes\": {\"LEFT_VM\": \"x\"}}}", "outcomes.LEFT_VM",
                "{\"overlay\": {\"outcomes\": {\"BUSY\": null}}}", "outcomes.BUSY",
                "{\"overlay\": {\"crm\": \"hubspot\"}}", "crm",
                "{\"overlay\": {\"activity\": {\"fields\": {\"Subject\": {\"from\": \"nonsense\"}}}}}", "activity.fields.Subject.from",
                "{\"overlay\": {\"actions\": {\"follow-up\": {\"when\": [\"CALLBACK_REQUESTED\"], \"target\": \"elsewhere\"}}}}", "actions.follow-up.target",
                // an action of a later call must not clear what an opt-out set
                "{\"overlay\": {\"actions\": {\"requalify\": {\"when\": [\"INTERESTED\"], \"target\": \"person\", "
                        + "\"fields\": {\"DoNotCall\": {\"value\": false}}}}}}", "actions.requalify.fields.DoNotCall",
                "{\"overlay\": {\"outcomes\": {\"BUSY\": \"Busy!\"}, \"ignore\": {\"BUSY\": \"both\"}}}", "ignore.BUSY",
                "{\"overlay\": {\"activity\": 5}}", "activity");
        for (Map.Entry<String, String> bad : refusals.entrySet()) {
            Reply r = call("PUT", INITECH_SF, OPERATOR, bad.getKey());
            assertThat(r.status()).as(bad.getKey() + " -> " + r.raw()).isEqualTo(422);
            assertThat(r.body().path("reason").asText()).isEqualTo("overlay_invalid");
            assertThat(r.body().path("problems")).as(r.raw()).anySatisfy(p -> {
                assertThat(p.path("path").asText()).isEqualTo(bad.getValue());
                assertThat(p.path("file").asText()).isEqualTo("overlay initech/salesforce");
            });
        }
        assertThat(call("PUT", INITECH_SF, OPERATOR, "{\"overlay\": [1]}").body().path("field").asText()).isEqualTo("overlay");
        assertThat(call("PUT", INITECH_SF, OPERATOR, "{}").status()).isEqualTo(400);
        assertThat(call("GET", INITECH_SF + "/versions", OPERATOR, null).body().path("current").asInt())
                .as("nothing was saved").isEqualTo(call("GET", INITECH_SF, OPERATOR, null).body().path("version").asInt());
        assertThat(call("PUT", "/api/tenants/initech/mappings/crms/zoho", OPERATOR, "{\"overlay\": {}}").body().path("reason").asText())
                .isEqualTo("unknown_crm");
        assertThat(call("PUT", "/api/tenants/nobody/mappings/crms/salesforce", OPERATOR, "{\"overlay\": {}}").status()).isEqualTo(404);
    }

    @Test
    void everyChangeIsAVersionInTheAuditAndOneStepRollsItBack() throws Exception {
        int start = call("GET", INITECH_SF, OPERATOR, null).body().path("version").asInt();
        Reply key = postRaw("/api/keys", "application/json", OPERATOR, "{\"name\":\"initech's crm admin\",\"role\":\"tenant-admin\",\"tenant\":\"initech\"}");
        Map<String, String> admin = Map.of("Authorization", "Bearer " + key.body().path("secret").asText());
        assertThat(call("PUT", INITECH_SF, admin, "{\"overlay\": {\"outcomes\": {\"BUSY\": \"Line Busy\"}}, \"baseVersion\": " + start + "}")
                .status()).isEqualTo(200);
        Reply second = call("PUT", INITECH_SF, admin, "{\"overlay\": {\"outcomes\": {\"BUSY\": \"Engaged Tone\"}}, \"baseVersion\": " + (start + 1) + "}");
        assertThat(second.body().path("version").asInt()).isEqualTo(start + 2);
        Reply stale = call("PUT", INITECH_SF, admin, "{\"overlay\": {\"outcomes\": {\"BUSY\": \"Late\"}}, \"baseVersion\": " + (start + 1) + "}");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body().path("reason").asText()).isEqualTo("version_conflict");
        assertThat(call("PUT", "/api/tenants/default/mappings/crms/salesforce", admin, "{\"overlay\": {}}").status())
                .as("another tenant's mapping").isEqualTo(404);

        Reply back = call("POST", INITECH_SF + "/rollback", admin, "{\"version\": " + (start + 1) + ", \"note\": \"reports broke\"}");
        assertThat(back.status()).as(back.raw()).isEqualTo(200);
        assertThat(back.body().path("version").asInt()).isEqualTo(start + 3);
        assertThat(back.body().path("effective").path("outcomes").path("BUSY").asText()).isEqualTo("Line Busy");
        assertThat(call("POST", INITECH_SF + "/rollback", admin, "{\"version\": 99999}").body().path("reason").asText()).isEqualTo("unknown_version");

        JsonNode history = call("GET", INITECH_SF + "/versions", admin, null).body();
        assertThat(history.path("current").asInt()).isEqualTo(start + 3);
        assertThat(history.path("versions").get(0).path("note").asText()).contains("roll back to version " + (start + 1)).contains("reports broke");
        assertThat(history.path("versions").get(0).path("actor").asText()).isEqualTo("initech's crm admin");
        String callId = newCallId();
        sendAs("initech", TestCall.of(callId, "BUSY").knownPerson());
        assertThat(dispositionWritten(callId)).isEqualTo("Line Busy");

        JsonNode audit = call("GET", "/api/audit?tenant=initech&limit=500", OPERATOR, null).body().path("entries");
        assertThat(audit).filteredOn(e -> e.path("action").asText().startsWith("crm-mapping."))
                .extracting(e -> e.path("action").asText() + " by " + e.path("actor").asText())
                .contains("crm-mapping.save by initech's crm admin", "crm-mapping.rollback by initech's crm admin");
    }

    @Test
    void aDryRunShowsTheFindingsTheCheckAndThePlanAndSavesNothing() throws Exception {
        int before = call("GET", INITECH_SF, OPERATOR, null).body().path("version").asInt();
        Reply tried = call("POST", INITECH_SF + "/dry-run", OPERATOR, "{\"overlay\": {\"outcomes\": {\"NO_ANSWER\": \"Attempted - No Answer\"}}, "
                + "\"samples\": [{\"outcome\": \"NO_ANSWER\", \"direction\": \"OUTBOUND\", \"prospect\": {\"crmIds\": {\"salesforce\": \"003000000000101AAA\"}}}]}");
        assertThat(tried.status()).as(tried.raw()).isEqualTo(200);
        assertThat(tried.body().path("valid").asBoolean()).isTrue();
        assertThat(tried.body().path("installCheck").path("checks")).isNotEmpty();
        JsonNode writes = tried.body().path("samples").get(0).path("plan").path("writes");
        assertThat(writes.toString()).contains("Attempted - No Answer");
        assertThat(call("GET", INITECH_SF, OPERATOR, null).body().path("version").asInt()).isEqualTo(before);

        Reply invalid = call("POST", INITECH_SF + "/dry-run", OPERATOR, "{\"overlay\": {\"ignore\": {\"DO_NOT_CONTACT\": \"no\"}}}");
        assertThat(invalid.status()).isEqualTo(200);
        assertThat(invalid.body().path("valid").asBoolean()).isFalse();
        assertThat(invalid.body().path("problems").get(0).path("path").asText()).isEqualTo("ignore.DO_NOT_CONTACT");
    }

    @Test
    void aDialerOverlayAddsTheTenantsLabelsButNeverMapsAnOptOutAway() throws Exception {
        Reply lock = call("PUT", INITECH_GENERIC, OPERATOR, "{\"overlay\": {\"labels\": {\"do not call me\": \"NO_ANSWER\"}}}");
        assertThat(lock.status()).as(lock.raw()).isEqualTo(422);
        assertThat(lock.body().path("problems").get(0).path("reason").asText()).contains("opt-out");
        Reply filed = call("PUT", INITECH_GENERIC, OPERATOR, "{\"overlay\": {\"labels\": {\"dnc\": \"NO_ANSWER\"}}}");
        assertThat(filed.status()).as(filed.raw()).isEqualTo(422);
        assertThat(filed.body().path("problems").get(0).path("reason").asText()).contains("mappings/dialers/generic.yaml maps this label to DO_NOT_CONTACT");
        assertThat(call("PUT", INITECH_GENERIC, OPERATOR, "{\"overlay\": {\"possibleOptOut\": \"ignore\"}}").status()).isEqualTo(422);
        assertThat(call("PUT", INITECH_GENERIC, OPERATOR, "{\"overlay\": {\"secret\": \"x\"}}").status()).isEqualTo(422);

        Reply tried = call("POST", INITECH_GENERIC + "/dry-run", OPERATOR, "{\"overlay\": {\"labels\": {\"VM dropped\": \"LEFT_VOICEMAIL\"}}, "
                + "\"labels\": [\"vm  DROPPED\"]}");
        assertThat(tried.body().path("labels").get(0).path("outcomeWithOverlay").asText()).as(tried.raw()).isEqualTo("LEFT_VOICEMAIL");
        assertThat(tried.body().path("labels").get(0).path("kindNow").asText()).isNotEqualTo("MAPPED");

        Reply saved = call("PUT", INITECH_GENERIC, OPERATOR, "{\"overlay\": {\"labels\": {\"VM dropped\": \"LEFT_VOICEMAIL\"}}}");
        assertThat(saved.status()).as(saved.raw()).isEqualTo(200);
        assertThat(saved.body().path("labels")).anySatisfy(l -> {
            assertThat(l.path("label").asText()).isEqualTo("VM dropped");
            assertThat(l.path("source").asText()).isEqualTo("overlay");
        });
        String callId = newCallId();
        String eventId = sendAs("initech", TestCall.of(callId, "VM dropped").knownPerson());
        assertThat(event(eventId).path("outcome").asText()).isEqualTo("LEFT_VOICEMAIL");
        assertThat(List.of(dispositionWritten(callId))).containsExactly("Left Voicemail");
    }

    @Test
    void aFileReloadThatAnOverlayNoLongerHoldsOverIsRefusedNamingTheOverlay() throws Exception {
        Reply saved = call("PUT", INITECH_SF, OPERATOR, "{\"overlay\": {\"outcomes\": {\"BUSY\": \"Line Busy\"}, \"examples\": [{\"name\": "
                + "\"initech's busy\", \"event\": {\"outcome\": \"BUSY\"}, \"expect\": {\"Subject\": \"Call: Line Busy\"}}]}}");
        assertThat(saved.status()).as(saved.raw()).isEqualTo(200);
        java.nio.file.Path changed = java.nio.file.Path.of(MAPPINGS_OVERRIDE, "crms", "salesforce.yaml");
        java.nio.file.Files.createDirectories(changed.getParent());
        java.nio.file.Files.writeString(changed, java.nio.file.Files.readString(java.nio.file.Path.of("mappings/crms/salesforce.yaml"))
                .replace("\"Call: ", "\"Dial: ")); // the template and the file's own examples
        try {
            Reply reload = call("POST", "/api/mappings/crms/reload", OPERATOR, "");
            assertThat(reload.status()).as(reload.raw()).isEqualTo(422);
            assertThat(reload.body().path("problems")).anySatisfy(p -> {
                assertThat(p.path("file").asText()).isEqualTo("overlay initech/salesforce");
                assertThat(p.path("reason").asText()).contains("Dial: Line Busy");
            });
        } finally {
            java.nio.file.Files.deleteIfExists(changed);
        }
        String callId = newCallId();
        sendAs("default", TestCall.of(callId, "BUSY").knownPerson());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> !tasksFor(callId).isEmpty());
        assertThat(tasksFor(callId).get(0).record().path("Subject").asText()).as("the files in use stayed").isEqualTo("Call: Busy");
    }

    @Test
    void aReplayRendersWithTheTenantsOverlayAsItIsNow() throws Exception {
        String callId = newCallId();
        var refused = SALESFORCE.stubFor(com.github.tomakehurst.wiremock.client.WireMock.patch(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(TASK_UPSERTS)).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(callId))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"CallDisposition\":\"No Answer\""))
                .willReturn(refuseRecordsOf(callId, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "bad value for restricted picklist field: No Answer")));
        try {
            String eventId = sendAs("initech", TestCall.of(callId, "NO_ANSWER").knownPerson());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                    .until(() -> "failed".equals(event(eventId).path("status").asText()));
            assertThat(call("PUT", INITECH_SF, OPERATOR, "{\"overlay\": {\"outcomes\": {\"NO_ANSWER\": \"Attempted - No Answer\"}}}").status())
                    .isEqualTo(200);
            assertThat(call("POST", "/api/events/" + eventId + "/replay", OPERATOR, "{\"reason\": \"initech's picklist value\"}").status())
                    .isEqualTo(200);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                    .until(() -> "delivered".equals(event(eventId).path("status").asText()));
            List<String> sent = tasksFor(callId).stream().map(r -> r.record().path("CallDisposition").asText()).toList();
            assertThat(sent).containsSubsequence("No Answer", "Attempted - No Answer");
        } finally {
            SALESFORCE.removeStub(refused);
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    private TenantMappings tenantMappings;
    @org.springframework.beans.factory.annotation.Autowired
    private org.springframework.jdbc.core.JdbcTemplate db;

    @Test
    void aStoredOverlayThatNoLongerHoldsLeavesItsTenantOnTheFileAndEveryOtherOnItsOwn() throws Exception {
        assertThat(call("PUT", INITECH_SF, OPERATOR, "{\"overlay\": {\"outcomes\": {\"BUSY\": \"Line Busy\"}}}").status()).isEqualTo(200);
        // As if the files had changed under it since it was saved: a version that does not hold any more.
        db.update("insert into mapping_overlay (tenant, kind, target, version, body, note, actor, created_at) values "
                + "('umbrella', 'crm', 'salesforce', 1, '{\"ignore\": {\"DO_NOT_CONTACT\": \"x\"}}', null, 'test', current_timestamp)");
        try {
            tenantMappings.refresh();
            assertThat(tenantMappings.crm("initech", "salesforce").orElseThrow().outcomes().get("BUSY")).isEqualTo("Line Busy");
            assertThat(tenantMappings.crm("umbrella", "salesforce").orElseThrow().outcomes().get("DO_NOT_CONTACT")).as("the file alone")
                    .isEqualTo("Do Not Contact");
            assertThat(tenantMappings.crm("umbrella", "salesforce").orElseThrow().ignore()).doesNotContainKey("DO_NOT_CONTACT");
        } finally {
            db.update("delete from mapping_overlay where tenant = 'umbrella'");
            tenantMappings.refresh();
        }
    }
}
