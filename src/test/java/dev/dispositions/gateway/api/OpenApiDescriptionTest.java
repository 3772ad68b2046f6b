package dev.dispositions.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.access.Allowed;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The served description is valid OpenAPI (read by an independent parser) and describes every controller mapping as
 * a client generator needs it: a unique operation id, the role, both ways to send a key, problem bodies.
 */
class OpenApiDescriptionTest extends GatewayIntegrationTest {
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    private OpenAPI served() {
        Reply docs = getRaw("/v3/api-docs", Map.of());
        assertThat(docs.status()).isEqualTo(200);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(docs.raw());
        assertThat(parsed.getMessages()).as("the parser's findings").isEmpty();
        return parsed.getOpenAPI();
    }

    @Test
    void everyControllerMappingIsDescribedForAClientGenerator() {
        OpenAPI api = served();
        Set<String> ids = new HashSet<>();
        int described = 0;
        for (Map.Entry<RequestMappingInfo, HandlerMethod> m : mappings.getHandlerMethods().entrySet()) {
            for (String path : m.getKey().getPatternValues()) {
                if (!path.startsWith("/api/") && !path.startsWith("/webhooks/")) {
                    continue;
                }
                PathItem item = api.getPaths().get(path);
                assertThat(item).as(path + " is described").isNotNull();
                for (RequestMethod method : m.getKey().getMethodsCondition().getMethods()) {
                    Operation op = item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method.name()));
                    String what = method + " " + path;
                    assertThat(op).as(what + " is described").isNotNull();
                    assertThat(ids.add(op.getOperationId())).as(what + " has a unique operation id: " + op.getOperationId()).isTrue();
                    assertThat(op.getSummary()).as(what + " has a summary").isNotBlank();
                    if (path.startsWith("/api/")) {
                        Allowed allowed = m.getValue().getMethodAnnotation(Allowed.class);
                        assertThat(op.getExtensions()).as(what).containsEntry("x-required-role", allowed.value().written());
                        assertThat(op.getSecurity().toString()).as(what).contains("adminKey").contains("bearerKey");
                        assertThat(op.getResponses()).as(what).containsKeys("401", "403", "404");
                        assertThat(op.getResponses().get("404").getContent()).as(what).containsKey("application/problem+json");
                    }
                    described++;
                }
            }
        }
        assertThat(described).isGreaterThan(25);
        assertThat(api.getComponents().getSecuritySchemes()).containsKeys("adminKey", "bearerKey");
    }

    @Test
    void everyAnswerIsANamedSchemaEveryBodyHasAnExampleAndEveryRefusalASampleProblem() {
        OpenAPI api = served();
        int answers = 0;
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().readOperationsMap().entrySet()) {
                String what = op.getKey() + " " + path.getKey();
                Operation operation = op.getValue();
                for (Map.Entry<String, ApiResponse> r : operation.getResponses().entrySet()) {
                    if (r.getValue().getContent() == null) {
                        continue;
                    }
                    for (Map.Entry<String, MediaType> media : r.getValue().getContent().entrySet()) {
                        Schema<?> schema = media.getValue().getSchema();
                        String ref = schema.get$ref() != null ? schema.get$ref() : schema.getItems() == null ? null : schema.getItems().get$ref();
                        assertThat(ref).as(what + " answers " + r.getKey() + " as a named schema").isNotNull();
                        assertThat(api.getComponents().getSchemas()).as(ref).containsKey(ref.substring(ref.lastIndexOf('/') + 1));
                        if (r.getKey().startsWith("4")) {
                            assertThat(media.getValue().getExamples()).as(what + " " + r.getKey() + " shows a sample problem").isNotEmpty();
                        } else {
                            answers++;
                        }
                    }
                }
                if (operation.getRequestBody() != null) {
                    assertThat(operation.getRequestBody().getContent().values()).as(what + " shows an example body")
                            .anySatisfy(m -> assertThat(m.getExamples()).isNotEmpty());
                }
            }
        }
        assertThat(answers).isGreaterThan(25);
        Operation preview = api.getPaths().get("/api/preview/{tenant}/{dialer}").getPost();
        assertThat(preview.getRequestBody().getContent()).containsKeys("application/json", "application/x-www-form-urlencoded");
    }

    @Test
    void theWebhooksSayHowTheyAreSignedAndWhatTheyTake() {
        Operation webhook = served().getPaths().get("/webhooks/{tenant}/{dialer}").getPost();
        assertThat(webhook.getParameters()).extracting(p -> p.getName() + " in " + p.getIn())
                .contains("webhook-signature in header", "X-Twilio-Signature in header", "tenant in path", "dialer in path");
        assertThat(webhook.getRequestBody().getContent()).containsKeys("application/json", "application/x-www-form-urlencoded");
        assertThat(webhook.getResponses()).containsKeys("401", "400");
        assertThat(webhook.getSecurity()).isNull();
    }

    @Test
    void listFiltersAreQueryParametersOfTheirOwn() {
        Operation events = served().getPaths().get("/api/events").getGet();
        assertThat(events.getParameters()).extracting(p -> p.getName() + " in " + p.getIn())
                .contains("tenant in query", "outcome in query", "callId in query", "limit in query")
                .doesNotContain("filter in query");
        assertThat(events.getOperationId()).isEqualTo("eventList");
    }
}
