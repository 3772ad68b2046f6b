package dev.dispositions.gateway.ingest;

import static dev.dispositions.gateway.ingest.RawHttp.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.GatewayIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Errors raised by the servlet container itself, before or outside any handler, are problem bodies like every other:
 * no HTML page, no server version, no Spring Boot default error JSON.
 */
class ServerErrorsTest extends GatewayIntegrationTest {

    static List<Arguments> requests() {
        byte[] ascii = "/webhooks/generic".getBytes(StandardCharsets.US_ASCII);
        return List.of(
                Arguments.of("TRACE (never echoed)", "TRACE", ascii, List.of(line("Authorization", "Bearer secret-token"),
                        line("X-Api-Key", "secret-token")), 405),
                Arguments.of("TRACE on the admin API", "TRACE", "/api/events".getBytes(StandardCharsets.US_ASCII),
                        List.of(line("X-Api-Key", "secret-token")), 405),
                Arguments.of("GET /error", "GET", "/error".getBytes(StandardCharsets.US_ASCII), List.of(), 404),
                Arguments.of("an unknown path", "GET", "/nothing/here".getBytes(StandardCharsets.US_ASCII), List.of(), 404),
                Arguments.of("GET on a webhook URL", "GET", ascii, List.of(), 405),
                Arguments.of("a raw non-ASCII byte in the path", "POST", new byte[] {'/', 'w', (byte) 0xE9, 'b'}, List.of(), 400),
                Arguments.of("a bad %-escape in the path", "POST", "/webhooks/%zz".getBytes(StandardCharsets.US_ASCII), List.of(), 400),
                Arguments.of("a header over Tomcat's limit", "POST", ascii, List.of(line("X-Padding", "p".repeat(20_000))), 400),
                // A proxy exposing /webhooks/ only must expose nothing else: Tomcat would otherwise serve /api/connectors.
                Arguments.of("a path parameter climbing out of /webhooks/", "GET",
                        "/webhooks/..;/api/connectors".getBytes(StandardCharsets.US_ASCII), List.of(line("X-Api-Key", "demo-admin-key")), 400),
                Arguments.of("an encoded dot-dot out of /webhooks/", "GET",
                        "/webhooks/%2e%2e/api/connectors".getBytes(StandardCharsets.US_ASCII), List.of(line("X-Api-Key", "demo-admin-key")), 400),
                Arguments.of("a control character in a header", "POST", ascii,
                        List.of(new byte[] {'X', '-', 'A', ':', ' ', 'a', 0x01, 'b'}), 400));
    }

    @org.junit.jupiter.api.Test
    void traceOnTheManagementPortIsAProblemBodyToo() throws Exception {
        RawHttp.Response r = RawHttp.send(managementPort, RawHttp.request("TRACE", "/actuator/health".getBytes(StandardCharsets.US_ASCII),
                List.of(line("X-Api-Key", "secret-token")), new byte[0]));
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(json.readTree(r.body()).get("reason").asText()).isEqualTo("method_not_allowed");
        assertThat(r.body()).doesNotContain("secret-token");
    }

    @org.junit.jupiter.api.Test
    void theAdminApiNamesABadParameterOrBodyInItsOwnWords() throws Exception {
        Reply limit = getRaw("/api/events?limit=abc", java.util.Map.of("X-Api-Key", ADMIN_KEY));
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.body().get("reason").asText()).isEqualTo("invalid_parameter");
        assertThat(limit.body().get("field").asText()).isEqualTo("limit");
        Reply twice = postRaw("/api/dead-letters/replay", "application/json", java.util.Map.of("X-Api-Key", ADMIN_KEY),
                "{\"dryRun\":true,\"dryRun\":false,\"filter\":{}}");
        assertThat(twice.status()).as("a dry run must never turn into a replay").isEqualTo(400);
        assertThat(twice.body().get("reason").asText()).isEqualTo("invalid_body");
        assertThat(twice.body().get("detail").asText()).isEqualTo("a key appears twice in one object: 'dryRun'");
        Reply charset = postRaw("/webhooks/generic", "application/json; charset=bogus", java.util.Map.of(), "{}");
        assertThat(charset.status()).isEqualTo(415);
        assertThat(charset.body().get("detail").asText()).isEqualTo("the generic dialer does not send a Content-Type that cannot be read");
    }

    @ParameterizedTest(name = "{0} -> {4} problem")
    @MethodSource("requests")
    void everyContainerErrorIsAProblemBody(String what, String method, byte[] target, List<byte[]> headers, int expected)
            throws Exception {
        RawHttp.Response r = RawHttp.send(port, RawHttp.request(method, target, headers, new byte[0]));

        assertThat(r.status()).as(r.body()).isEqualTo(expected);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.get("status").asInt()).isEqualTo(expected);
        assertThat(problem.get("reason").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(r.body()).doesNotContainIgnoringCase("tomcat").doesNotContain("<html").doesNotContain("timestamp")
                .doesNotContain("secret-token");
        assertThat(problem.size()).as("nothing after the problem: " + r.body()).isGreaterThan(0);
        assertThat(r.body().strip()).endsWith("}");
    }
}
