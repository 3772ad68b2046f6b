package dev.dispositions.gateway.access;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.TestCall;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every admin API operation, found from the controllers (so a new one cannot be forgotten), called with a tenant
 * admin key of globex on another tenant's data: what names that data answers 4xx, nothing answers with it.
 */
class TenantScopeOfEveryOperationTest extends GatewayIntegrationTest {
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Test
    void noOperationShowsOrChangesAnotherTenantsData() throws Exception {
        String theirCall = newCallId();
        StubMapping refusal = SALESFORCE.stubFor(patch(urlPathMatching(TASK_UPSERTS)).atPriority(1).withRequestBody(containing(theirCall))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(
                        "[{\"message\":\"bad value\",\"errorCode\":\"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST\",\"fields\":[\"CallDisposition\"]}]")));
        String theirEvent;
        try {
            theirEvent = accepted(TestCall.of(theirCall, "Left voicemail").asTenant("default"));
            await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(delivery(theirEvent, "salesforce").path("status").asText()));
        } finally {
            SALESFORCE.removeStub(refusal);
        }
        String theirDeadLetter = delivery(theirEvent, "salesforce").path("id").asText();
        Reply theirKey = postRaw("/api/keys", "application/json", KeysAndRolesTest.OPERATOR,
                "{\"name\":\"default's desk\",\"role\":\"tenant-viewer\",\"tenant\":\"default\"}");
        Reply ours = postRaw("/api/keys", "application/json", KeysAndRolesTest.OPERATOR,
                "{\"name\":\"globex desk\",\"role\":\"tenant-admin\",\"tenant\":\"globex\"}");
        Map<String, String> globex = KeysAndRolesTest.key(ours.body().path("secret").asText());

        List<String> checked = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> op : mappings.getHandlerMethods().entrySet()) {
            for (String pattern : op.getKey().getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                assertThat(op.getValue().getMethodAnnotation(Allowed.class)).as(pattern + " says which role it needs (@Allowed)").isNotNull();
                String path = pattern.replace("{tenant}", "default").replace("{crm}", "salesforce").replace("{dialer}", "generic")
                        .replace("{callId}", theirCall).replace("{eventId}", theirEvent)
                        .replace("{id}", pattern.startsWith("/api/keys") ? theirKey.body().path("key").path("id").asText() : theirDeadLetter);
                for (RequestMethod method : op.getKey().getMethodsCondition().getMethods()) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .method(method.name(), method == RequestMethod.GET || method == RequestMethod.DELETE
                                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"))
                            .header("Content-Type", "application/json");
                    globex.forEach(request::header);
                    HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    String what = method + " " + path + " -> " + answer.statusCode() + " " + answer.body();
                    assertThat(answer.statusCode()).as(what).isLessThan(500);
                    if (!pattern.equals(path)) {
                        assertThat(answer.statusCode()).as("names another tenant's data: " + what).isBetween(400, 499);
                    }
                    // A problem may echo what was asked (its instance, the id in its detail): that is not what it was told.
                    String told = answer.body();
                    for (String asked : path.split("/")) {
                        told = asked.isEmpty() ? told : told.replace(asked, "");
                    }
                    assertThat(told).as(what).doesNotContain(theirEvent).doesNotContain(theirCall).doesNotContain("\"tenant\":\"default\"");
                    checked.add(method + " " + pattern);
                }
            }
        }
        assertThat(checked).as("operations checked").hasSizeGreaterThan(20).contains("DELETE /api/keys/{id}", "GET /api/events/{eventId}");
        // The same calls with the operator key do reach the data: the refusals above are the scope, not a broken request.
        assertThat(getRaw("/api/dead-letters/" + theirDeadLetter, KeysAndRolesTest.OPERATOR).status()).isEqualTo(200);
    }
}
