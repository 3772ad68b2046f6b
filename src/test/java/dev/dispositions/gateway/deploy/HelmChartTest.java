package dev.dispositions.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart, checked with Helm's own library (helm-java): it lints, renders for several values files into
 * Kubernetes objects, runs non-root on a read-only root filesystem with meaningful probes, references every
 * credential from a Secret instead of inlining it, and refuses to render without the ones it needs.
 */
class HelmChartTest {
    private static final Path CHART = Path.of("helm/call-disposition-gateway");
    private static final Path VALUES = Path.of("src/test/resources/helm");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> render(UnaryOperator<TemplateCommand> values) throws IOException {
        String manifest = values.apply(new Helm(CHART).template().withName("gw").withNamespace("calls")).call();
        List<JsonNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(manifest)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    objects.add(doc);
                }
            }
        }
        return objects;
    }

    private static List<JsonNode> render(String valuesFile) throws IOException {
        return render(t -> t.withValuesFile(VALUES.resolve(valuesFile)));
    }

    private static JsonNode only(List<JsonNode> objects, String kind) {
        List<JsonNode> found = objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    @Test
    void theChartLintsCleanWithItsRequiredValues(@TempDir Path copy) throws IOException {
        // helm lint reads the chart's own values.yaml: lint a copy whose values name the admin key's Secret
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path f : files.toList()) {
                Path target = copy.resolve(CHART.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        Path values = copy.resolve("values.yaml");
        Files.writeString(values, Files.readString(values).replaceFirst("(?m)^(adminApiKey:\\n  existingSecret:\\n    name:) \"\"",
                "$1 gateway-admin"));
        LintResult lint = new Helm(copy).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void everyValuesFileRendersKubernetesObjectsThatRunLockedDown() throws IOException {
        for (String file : List.of("minimal.yaml", "production.yaml")) {
            List<JsonNode> objects = render(file);
            for (JsonNode o : objects) {
                assertThat(o.path("apiVersion").asText()).as(file + ": apiVersion of " + o).isNotBlank();
                assertThat(o.path("kind").asText()).as(file + ": kind").isNotBlank();
                assertThat(o.path("metadata").path("name").asText()).as(file + ": name").startsWith("gw-");
            }
            assertThat(objects).as(file + ": no Secret is made by the chart").noneMatch(o -> "Secret".equals(o.path("kind").asText()));

            JsonNode pod = only(objects, "Deployment").path("spec").path("template").path("spec");
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
            JsonNode container = pod.path("containers").get(0);
            assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean()).isFalse();
            assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/actuator/health/liveness");
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/actuator/health/readiness");
            assertThat(container.path("resources").path("limits").path("memory").asText()).isNotBlank();
            for (JsonNode env : container.path("env")) {
                String name = env.path("name").asText();
                if (name.matches(".*(KEY|PASSWORD|SECRET|TOKEN).*")) {
                    assertThat(env.has("value")).as(file + ": " + name + " is inlined").isFalse();
                    assertThat(env.path("valueFrom").path("secretKeyRef").path("name").asText()).as(name).isNotBlank();
                }
            }
        }
    }

    @Test
    void productionValuesAddPostgresAutoscalingMonitoringAndKeepCredentialsInSecrets() throws IOException {
        List<JsonNode> objects = render("production.yaml");
        JsonNode deployment = only(objects, "Deployment");
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("env").findValuesAsText("name")).contains("GATEWAY_DB_URL", "GATEWAY_DB_PASSWORD", "GATEWAY_TOKEN_KEY",
                "LOGGING_STRUCTURED_FORMAT_CONSOLE", "GATEWAY_MAPPINGS_DIR");
        assertThat(deployment.path("spec").has("replicas")).as("the autoscaler owns the replica count").isFalse();
        assertThat(only(objects, "HorizontalPodAutoscaler").path("spec").path("maxReplicas").asInt()).isEqualTo(5);
        assertThat(only(objects, "PodDisruptionBudget").path("spec").path("minAvailable").asInt()).isEqualTo(1);
        assertThat(only(objects, "ServiceMonitor").path("spec").path("endpoints").get(0).path("path").asText()).isEqualTo("/actuator/prometheus");
        assertThat(only(objects, "PrometheusRule").path("spec").path("groups").get(0).path("rules").findValuesAsText("alert"))
                .containsExactlyInAnyOrder("GatewayDeadLettersGrowing", "GatewayConnectorNeedsReauth", "GatewayOldestPendingTooOld",
                        "GatewayBreakerOpen", "GatewayDestinationDisabled");

        List<JsonNode> configMaps = objects.stream().filter(o -> "ConfigMap".equals(o.path("kind").asText())).toList();
        JsonNode config = configMaps.stream().filter(c -> c.path("data").has("application.yaml")).findFirst().orElseThrow();
        String application = config.path("data").path("application.yaml").asText();
        assertThat(YAML.readTree(application).findValuesAsText("client-secret")).containsOnly("file:/run/secrets/acme-credentials/salesforce-client-secret");
        assertThat(application).doesNotContainIgnoringCase("password:");
        JsonNode mappings = configMaps.stream().filter(c -> c.path("data").has("crms.salesforce.yaml")).findFirst().orElseThrow();
        assertThat(mappings.path("data").path("crms.salesforce.yaml").asText()).contains("this install's Task mapping");
        JsonNode dashboard = configMaps.stream().filter(c -> c.path("data").has("call-disposition-gateway.json")).findFirst().orElseThrow();
        assertThat(dashboard.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        JsonNode panels = JSON.readTree(dashboard.path("data").path("call-disposition-gateway.json").asText()).path("panels");
        assertThat(panels.findValuesAsText("expr")).anyMatch(e -> e.contains("gateway_dead_letters"))
                .anyMatch(e -> e.contains("gateway_crm_request_seconds_bucket")).anyMatch(e -> e.contains("MEETING_BOOKED"));
    }

    @Test
    void healthAndMetricsAreServedOnTheManagementPortWhichNoIngressReaches() throws IOException {
        List<JsonNode> objects = render("production.yaml");
        JsonNode container = only(objects, "Deployment").path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("ports").findValuesAsText("name")).containsExactly("http", "management");
        assertThat(container.path("livenessProbe").path("httpGet").path("port").asText()).isEqualTo("management");
        assertThat(container.path("readinessProbe").path("httpGet").path("port").asText()).isEqualTo("management");
        assertThat(only(objects, "ServiceMonitor").path("spec").path("endpoints").get(0).path("port").asText()).isEqualTo("management");
        List<JsonNode> services = objects.stream().filter(o -> "Service".equals(o.path("kind").asText())).toList();
        assertThat(services).hasSize(2);
        JsonNode management = services.stream().filter(o -> o.path("metadata").path("name").asText().endsWith("-management")).findFirst()
                .orElseThrow();
        assertThat(management.path("spec").path("type").asText()).isEqualTo("ClusterIP");
        assertThat(services.stream().filter(o -> o != management).findFirst().orElseThrow().path("spec").path("ports")
                .findValuesAsText("name")).containsExactly("http");
        JsonNode config = objects.stream().filter(o -> o.path("data").has("application.yaml")).findFirst().orElseThrow();
        assertThat(YAML.readTree(config.path("data").path("application.yaml").asText()).path("server").path("forward-headers-strategy")
                .asText()).isEqualTo("native");
        JsonNode ingress = only(objects, "Ingress");
        assertThat(ingress.path("spec").path("rules").get(0).path("http").path("paths").findValuesAsText("path"))
                .containsExactly("/webhooks");
        assertThat(ingress.path("spec").path("rules").get(0).path("http").path("paths").findValues("port"))
                .allSatisfy(port -> assertThat(port.path("name").asText()).isEqualTo("http"));
        JsonNode wider = only(render(t -> t.withValuesFile(VALUES.resolve("production.yaml")).set("ingress.exposeConsole", "true")
                .set("ingress.exposeAdminApi", "true")), "Ingress");
        assertThat(wider.path("spec").path("rules").get(0).path("http").path("paths").findValuesAsText("path"))
                .containsExactly("/webhooks", "/console", "/api", "/v3/api-docs");
    }

    @Test
    void theOAuthCallbackIsASwitchAndTheConnectedAppsComeFromSecrets() throws IOException {
        List<JsonNode> objects = render(t -> t.withValuesFile(VALUES.resolve("production.yaml")).set("ingress.exposeOAuthCallback", "true")
                .set("oauth.salesforce.clientId", "3MVG9-connected-app").set("oauth.salesforce.existingSecret.name", "sf-app"));
        assertThat(only(objects, "Ingress").path("spec").path("rules").get(0).path("http").path("paths").findValuesAsText("path"))
                .containsExactly("/webhooks", "/oauth/callback");
        JsonNode env = only(objects, "Deployment").path("spec").path("template").path("spec").path("containers").get(0).path("env");
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        env.forEach(e -> byName.put(e.path("name").asText(), e));
        assertThat(byName.get("GATEWAY_OAUTH_CALLBACK_BASE_URL").path("value").asText()).startsWith("https://");
        assertThat(byName.get("GATEWAY_OAUTH_SALESFORCE_CLIENT_ID").path("value").asText()).isEqualTo("3MVG9-connected-app");
        assertThat(byName.get("GATEWAY_OAUTH_SALESFORCE_CLIENT_SECRET").path("valueFrom").path("secretKeyRef").path("name").asText())
                .isEqualTo("sf-app");
        assertThat(byName).doesNotContainKey("GATEWAY_OAUTH_HUBSPOT_CLIENT_ID");
        assertThat(only(render("production.yaml"), "Ingress").path("spec").path("rules").get(0).path("http").path("paths")
                .findValuesAsText("path")).as("off by default").doesNotContain("/oauth/callback");
    }

    @Test
    void aDisruptionBudgetOnlyWithMoreThanOneReplicaAndThePodSettingsPassThrough() throws IOException {
        assertThat(render("minimal.yaml")).as("one replica: a budget of 1 would block every drain")
                .noneMatch(o -> "PodDisruptionBudget".equals(o.path("kind").asText()));
        assertThat(render(t -> t.withValuesFile(VALUES.resolve("minimal.yaml")).set("replicaCount", "3")))
                .anyMatch(o -> "PodDisruptionBudget".equals(o.path("kind").asText()));
        assertThat(render(t -> t.withValuesFile(VALUES.resolve("minimal.yaml")).set("autoscaling.enabled", "true")
                .set("autoscaling.minReplicas", "1"))).as("autoscaling down to one: no budget either")
                .noneMatch(o -> "PodDisruptionBudget".equals(o.path("kind").asText()));
        JsonNode pod = only(render(t -> t.withValuesFile(VALUES.resolve("minimal.yaml"))
                .set("nodeSelector.pool", "gateway").set("tolerations[0].key", "dedicated").set("tolerations[0].operator", "Exists")
                .set("podAnnotations.team", "integrations").set("imagePullSecrets[0].name", "registry")
                .set("serviceAccount.create", "true").set("extraEnv[0].name", "TZ").set("extraEnv[0].value", "UTC")
                .set("affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight", "1")), "Deployment")
                .path("spec").path("template");
        assertThat(pod.path("spec").path("nodeSelector").path("pool").asText()).isEqualTo("gateway");
        assertThat(pod.path("spec").path("tolerations").get(0).path("key").asText()).isEqualTo("dedicated");
        assertThat(pod.path("metadata").path("annotations").path("team").asText()).isEqualTo("integrations");
        assertThat(pod.path("spec").path("imagePullSecrets").get(0).path("name").asText()).isEqualTo("registry");
        assertThat(pod.path("spec").path("serviceAccountName").asText()).isEqualTo("gw-call-disposition-gateway");
        assertThat(pod.path("spec").path("containers").get(0).path("env").findValuesAsText("name")).contains("TZ");
        assertThat(pod.path("spec").path("affinity").has("podAntiAffinity")).isTrue();
    }

    @Test
    void aChangedMappingFileRollsThePods() throws IOException {
        String before = only(render("production.yaml"), "Deployment").path("spec").path("template").path("metadata").path("annotations")
                .path("checksum/mappings").asText();
        String after = only(render(t -> t.withValuesFile(VALUES.resolve("production.yaml"))
                .set("mappings.crms.salesforce\\.yaml", "crm: salesforce\ndescription: changed\n")), "Deployment")
                .path("spec").path("template").path("metadata").path("annotations").path("checksum/mappings").asText();
        assertThat(before).isNotBlank().isNotEqualTo(after);
    }

    @Test
    void theChartRefusesToRenderWithoutTheSecretsItNeeds() {
        assertThatThrownBy(() -> render(t -> t)).hasMessageContaining("adminApiKey.existingSecret.name is required");
        assertThatThrownBy(() -> render(t -> t.withValuesFile(VALUES.resolve("minimal.yaml"))
                .set("database.url", "jdbc:postgresql://db:5432/gateway")))
                .hasMessageContaining("database.existingSecret.name is required");
        assertThatThrownBy(() -> render(t -> t.withValuesFile(VALUES.resolve("minimal.yaml")).set("database.url", "mysql://db/gateway")))
                .as("values.schema.json").hasMessageContaining("/database/url");
    }
}
