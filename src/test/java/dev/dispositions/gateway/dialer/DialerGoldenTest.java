package dev.dispositions.gateway.dialer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.config.GatewayProperties.DialerSettings;
import dev.dispositions.gateway.config.Secret;
import dev.dispositions.gateway.dialer.declarative.DeclarativeAdapter;
import dev.dispositions.gateway.dialer.generic.GenericAdapter;
import dev.dispositions.gateway.dialer.twilio.TwilioAdapter;
import dev.dispositions.gateway.mapping.DialerMapping;
import dev.dispositions.gateway.mapping.MappingCatalog;
import dev.dispositions.gateway.mapping.MappingCatalogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every payload under src/test/resources/dialer/&lt;dialer&gt;/ (a .json or .form body, with optional .headers.json)
 * must normalize to its .expected.json: the canonical disposition, or {"ignored": "&lt;part of the reason&gt;"}.
 * Run with -Dgolden.approve=true to write a missing expectation, then read it before committing it.
 */
class DialerGoldenTest {
    private static final Path ROOT = Path.of("src/test/resources/dialer");
    private static final MappingCatalog CATALOG = MappingCatalogs.packaged();
    private static final DialerSettings SETTINGS = new DialerSettings(true, Secret.of("unused"), Map.of(), "US", null);

    static Stream<Arguments> cases() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> {
                        String n = p.getFileName().toString();
                        return (n.endsWith(".json") || n.endsWith(".form")) && !n.endsWith(".expected.json") && !n.endsWith(".headers.json");
                    })
                    .sorted()
                    .map(p -> Arguments.of(ROOT.relativize(p).toString(), p))
                    .toList().stream();
        }
    }

    static DialerAdapter adapter(String dialer) {
        DialerMapping mapping = CATALOG.dialer(dialer).orElseThrow(() -> new AssertionError("no mapping file for " + dialer));
        return switch (dialer) {
            case "generic" -> new GenericAdapter(Clock.fixed(Goldens.RECEIVED_AT, ZoneOffset.UTC));
            case "twilio" -> new TwilioAdapter();
            case "aircall" -> new dev.dispositions.gateway.dialer.aircall.AircallAdapter();
            case "dialpad" -> new dev.dispositions.gateway.dialer.dialpad.DialpadAdapter();
            default -> new DeclarativeAdapter(mapping, Clock.fixed(Goldens.RECEIVED_AT, ZoneOffset.UTC));
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void normalizesEverySampleToItsExpectation(String name, Path input) throws IOException {
        String dialer = input.getParent().getFileName().toString();
        String base = input.toString().replaceAll("\\.(json|form)$", "");
        Map<String, String> headers = new LinkedHashMap<>();
        Path headerFile = Path.of(base + ".headers.json");
        if (Files.exists(headerFile)) {
            Goldens.JSON.readTree(headerFile.toFile()).fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        }
        String contentType = input.toString().endsWith(".form") ? "application/x-www-form-urlencoded" : "application/json";
        byte[] body = Files.readAllBytes(input);
        if (input.toString().endsWith(".claims.json")) {
            body = Goldens.jwt(Goldens.JSON.readTree(body), "golden-jwt-secret-of-at-least-32-bytes");
        }
        InboundWebhook webhook = Goldens.webhook(dialer, "http://localhost/webhooks/" + dialer, contentType, headers, body);

        Normalized n = adapter(dialer).normalize(webhook, CATALOG.dialer(dialer).orElseThrow(), SETTINGS);

        JsonNode actual;
        if (n instanceof Normalized.Ignored ignored) {
            actual = Goldens.JSON.createObjectNode().put("ignored", ignored.reason());
        } else {
            Normalized.Calls calls = (Normalized.Calls) n;
            assertThat(calls.events()).hasSize(1);
            actual = Goldens.tree(calls.events().get(0));
        }
        Path expectedFile = Path.of(base + ".expected.json");
        if (!Files.exists(expectedFile) && Boolean.getBoolean("golden.approve")) {
            Files.writeString(expectedFile, Goldens.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
        }
        assertThat(expectedFile).as("expectation for %s; actual:%n%s", name, actual.toPrettyString()).exists();
        JsonNode expected = Goldens.JSON.readTree(expectedFile.toFile());
        if (expected.has("ignored")) {
            assertThat(actual.has("ignored")).as("%s should be ignored, was %s", name, actual).isTrue();
            assertThat(actual.get("ignored").asText()).contains(expected.get("ignored").asText());
        } else {
            assertThat(actual).isEqualTo((ObjectNode) expected);
        }
    }
}
