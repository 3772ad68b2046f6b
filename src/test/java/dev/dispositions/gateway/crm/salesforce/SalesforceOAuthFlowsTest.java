package dev.dispositions.gateway.crm.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.SignedJWT;
import dev.dispositions.gateway.GatewayIntegrationTest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each tenant's connector logs in with its own flow: initech with a refresh token, umbrella with a JWT bearer. */
class SalesforceOAuthFlowsTest extends GatewayIntegrationTest {

    private void deliverOneCall(String tenant) {
        String callId = tenant + "-" + newCallId();
        Reply reply = postGeneric("/webhooks/" + tenant + "/generic", ACME_SECRET, "msg_" + callId,
                "{\"type\":\"call.ended\",\"callId\":\"" + callId + "\",\"outcome\":\"CONNECTED\"}");
        assertThat(reply.status()).as(reply.raw()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> tasksFor(callId).size() == 1);
    }

    @Test
    void aRefreshTokenTenantLogsInWithItsRefreshToken() {
        deliverOneCall("initech");

        assertThat(SALESFORCE.findAll(postRequestedFor(urlPathEqualTo("/services/oauth2/token"))
                .withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("refresh_token=demo-refresh-token")))).isNotEmpty();
    }

    @Test
    void aJwtBearerTenantSendsAnRs256AssertionForItsIntegrationUser() throws Exception {
        deliverOneCall("umbrella");

        var logins = SALESFORCE.findAll(postRequestedFor(urlPathEqualTo("/services/oauth2/token"))
                .withRequestBody(matching(".*jwt-bearer.*")));
        assertThat(logins).isNotEmpty();
        String form = logins.get(0).getBodyAsString();
        String assertion = List.of(form.split("&")).stream().filter(p -> p.startsWith("assertion="))
                .map(p -> URLDecoder.decode(p.substring("assertion=".length()), StandardCharsets.UTF_8)).findFirst().orElseThrow();
        SignedJWT jwt = SignedJWT.parse(assertion);
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        // camel-salesforce writes exp as a string, which nimbus's strict claims parser refuses: read the raw claims.
        var claims = json.readTree(jwt.getPayload().toBytes());
        assertThat(claims.get("iss").asText()).isEqualTo("demo-jwt-client");
        assertThat(claims.get("sub").asText()).isEqualTo("integration@umbrella.example");
        assertThat(claims.get("aud").asText()).isEqualTo(SALESFORCE.baseUrl());
        assertThat(claims.get("exp").asLong()).isGreaterThan(java.time.Instant.now().getEpochSecond());
        assertThat(form).doesNotContain("client_secret");
    }
}
