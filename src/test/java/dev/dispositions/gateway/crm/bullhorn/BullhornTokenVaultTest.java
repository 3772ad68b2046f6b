package dev.dispositions.gateway.crm.bullhorn;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.delivery.TokenVault;
import java.time.Clock;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Bullhorn's single-use refresh token is kept in the database, encrypted, so a restarted gateway (or another
 * replica) refreshes with the newest one instead of logging in again with the API user's credentials.
 */
class BullhornTokenVaultTest extends GatewayIntegrationTest {
    @Autowired
    BullhornSessions sessions;
    @Autowired
    TokenVault vault;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TenantDirectory tenants;
    @Autowired
    Environment environment;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    Clock clock;

    @Test
    void theNewestRefreshTokenIsStoredEncryptedAndARestartRefreshesWithIt() {
        sessions.session("globex");
        String stored = vault.read("globex", "bullhorn", "refresh_token").orElseThrow();
        String ciphertext = jdbc.queryForObject(
                "select ciphertext from crm_token where tenant = 'globex' and crm = 'bullhorn' and name = 'refresh_token'", String.class);
        assertThat(stored).startsWith("22:refresh-");
        assertThat(ciphertext).isNotBlank().doesNotContain("22:").doesNotContain(stored);

        int authorizesBefore = BULLHORN.findAll(postRequestedFor(urlPathEqualTo("/oauth/authorize"))).size();
        var metrics = new dev.dispositions.gateway.crm.CrmMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        BullhornSessions restarted = new BullhornSessions(tenants, environment, new BullhornHttp(producer, metrics), new ObjectMapper(), clock,
                vault, metrics);

        BullhornSessions.Session session = restarted.session("globex");

        assertThat(session.bhRestToken()).startsWith("rest-22:access-");
        assertThat(BULLHORN.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))
                .withQueryParam("grant_type", WireMock.equalTo("refresh_token"))
                .withQueryParam("refresh_token", WireMock.equalTo(stored)))).as("refreshed with the stored token").hasSize(1);
        assertThat(BULLHORN.findAll(postRequestedFor(urlPathEqualTo("/oauth/authorize")))).as("no new credential login")
                .hasSize(authorizesBefore);
        assertThat(vault.read("globex", "bullhorn", "refresh_token").orElseThrow()).as("the rotated token replaced it")
                .isNotEqualTo(stored).isEqualTo(session.refreshToken());
    }
}
