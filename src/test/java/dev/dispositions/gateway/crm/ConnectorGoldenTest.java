package dev.dispositions.gateway.crm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.mapping.MappingCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Each connector's golden deliveries ({@code golden/crm/<crm>/*.yaml}): the exact requests its plan makes, round by
 * round, and how it reads each answer: per-record refusals, rate limits, refused credentials, lost answers,
 * look-ups. Pure: the connector's plan and read with scripted answers, nothing sent. A new connector adds its folder.
 */
class ConnectorGoldenTest extends GatewayIntegrationTest {
    private static final Path GOLDENS = Path.of("src/test/resources/golden/crm");

    @Autowired
    CrmRegistry connectors;

    @Autowired
    MappingCatalog mappings;

    @TestFactory
    Stream<DynamicTest> everyGoldenDeliveryMakesItsRequestsAndEndsAsWritten() throws IOException {
        return goldens().map(file -> DynamicTest.dynamicTest(GOLDENS.relativize(file).toString(), () -> check(new ConnectorGolden(file))));
    }

    @Test
    void everyConnectorHasGoldens() throws IOException {
        List<String> withGoldens = goldens().map(f -> f.getParent().getFileName().toString()).distinct().toList();
        assertThat(withGoldens).containsAll(connectors.ids());
    }

    private static Stream<Path> goldens() throws IOException {
        try (Stream<Path> files = Files.walk(GOLDENS)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    private void check(ConnectorGolden golden) throws IOException {
        CrmConnector connector = connectors.find(golden.crm()).orElseThrow();
        ConnectorGolden.Transcript transcript = golden.run(connector, mappings.crm(golden.crm()).orElseThrow());
        Map<Long, Map<String, Object>> ended = new java.util.TreeMap<>();
        transcript.results().forEach((id, r) -> {
            Map<String, Object> shown = new java.util.LinkedHashMap<>();
            shown.put("kind", r.kind().name());
            shown.put("record", r.crmRecordId());
            shown.put("status", r.httpStatus());
            shown.put("detail", r.detail());
            shown.put("retryAfterSeconds", r.retryAfter() == null ? null : r.retryAfter().toSeconds());
            ended.put(id, shown);
        });
        String actual = ConnectorGolden.JSON.writeValueAsString(Map.of("sent", transcript.sent(), "results", ended));
        List<JsonNode> expected = golden.expectedRequests();
        assertThat(transcript.sent()).as("%s: the requests made (actual:%n%s)", golden.file, actual).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(ConnectorGolden.asJson(transcript.sent().get(i))).as("%s: request %d (actual:%n%s)", golden.file, i + 1, actual)
                    .isEqualTo(expected.get(i));
        }
        JsonNode results = golden.golden.path("results");
        assertThat(transcript.results().keySet()).as("%s: every item ends with a result (actual:%n%s)", golden.file, actual)
                .hasSize(golden.golden.path("items").size());
        assertThat(results.size()).as("%s: the golden names every item's result (actual:%n%s)", golden.file, actual).isEqualTo(golden.golden.path("items").size());
        results.fields().forEachRemaining(e -> {
            DeliveryResult r = transcript.results().get(Long.parseLong(e.getKey()));
            JsonNode want = e.getValue();
            assertThat(r).as("%s: item %s has a result", golden.file, e.getKey()).isNotNull();
            assertThat(r.kind().name()).as("%s: item %s (%s)", golden.file, e.getKey(), r.detail()).isEqualTo(want.path("kind").asText());
            if (want.has("record")) {
                assertThat(r.crmRecordId()).as("%s: item %s's record", golden.file, e.getKey()).isEqualTo(want.path("record").asText(null));
            }
            if (want.has("detail")) {
                assertThat(r.detail()).as("%s: item %s's detail", golden.file, e.getKey()).contains(want.path("detail").asText());
            }
            if (want.has("status")) {
                assertThat(r.httpStatus()).as("%s: item %s's status", golden.file, e.getKey()).isEqualTo(want.path("status").asInt());
            }
            if (want.has("retryAfterSeconds")) {
                assertThat(r.retryAfter()).as("%s: item %s's wait", golden.file, e.getKey()).isNotNull();
                assertThat(r.retryAfter().toSeconds()).isEqualTo(want.path("retryAfterSeconds").asLong());
            }
        });
    }
}
