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
                Arguments.of("TRACE (never echoed)", "TRACE", ascii, List.of(line("Authorization", "Bearer secret-token")), 405),
                Arguments.of("GET /error", "GET", "/error".getBytes(StandardCharsets.US_ASCII), List.of(), 404),
                Arguments.of("an unknown path", "GET", "/nothing/here".getBytes(StandardCharsets.US_ASCII), List.of(), 404),
                Arguments.of("GET on a webhook URL", "GET", ascii, List.of(), 405),
                Arguments.of("a raw non-ASCII byte in the path", "POST", new byte[] {'/', 'w', (byte) 0xE9, 'b'}, List.of(), 400),
                Arguments.of("a bad %-escape in the path", "POST", "/webhooks/%zz".getBytes(StandardCharsets.US_ASCII), List.of(), 400),
                Arguments.of("a header over Tomcat's limit", "POST", ascii, List.of(line("X-Padding", "p".repeat(20_000))), 400),
                Arguments.of("a control character in a header", "POST", ascii,
                        List.of(new byte[] {'X', '-', 'A', ':', ' ', 'a', 0x01, 'b'}), 400));
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
    }
}
