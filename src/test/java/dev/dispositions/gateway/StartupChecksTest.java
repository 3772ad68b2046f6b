package dev.dispositions.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispositions.gateway.mapping.MappingFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A broken mapping file or a missing credential stops start-up with a message that says where and why. */
class StartupChecksTest {
    private static final String DB = "--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";

    /** The demo profile with every stand-in address set (nothing is contacted: logins are lazy), plus these. */
    private static String[] demo(String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                DemoGateway.crmUrls("http://localhost:1", "http://localhost:1", "http://localhost:1")));
        args.add("--management.server.port=0");
        args.addAll(java.util.List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aBrokenMappingFileInTheOverrideFolderStopsStartUpNamingFilePathAndReason(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("crms"));
        Files.writeString(dir.resolve("crms/salesforce.yaml"), Files.readString(Path.of("mappings/crms/salesforce.yaml"))
                .replace("  LEFT_VOICEMAIL: Left Voicemail\n", ""));

        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                .run(demo("--server.port=0", DB, "--gateway.mappings.dir=" + dir)))
                .hasRootCauseInstanceOf(MappingFileException.class)
                .rootCause().hasMessageContaining(dir.resolve("crms/salesforce.yaml") + " at outcomes.LEFT_VOICEMAIL: missing");
    }

    @Test
    void aSalesforceConnectorWithoutItsSecretStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                .run(demo("--server.port=0", DB, "--gateway.tenants.default.crms.salesforce.client-secret=")))
                .rootCause().hasMessageContaining("gateway.tenants.default.crms.salesforce.client-secret is required");
    }

    @Test
    void aTenantsTwoSpellingsOfOneLabelWithDifferentOutcomesStopStartUp() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                .run(demo("--server.port=0", DB, "--gateway.tenants.default.dialers.salesloft.labels.[Spoke - DM]=INTERESTED",
                        "--gateway.tenants.default.dialers.salesloft.labels.[spoke-dm]=NOT_INTERESTED")))
                .rootCause().hasMessageContaining("gateway.tenants.default.dialers.salesloft.labels.")
                .hasMessageContaining("labels match on their normal form");
    }

    @Test
    void aTenantsPossibleOptOutSettingIsChecked() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                .run(demo("--server.port=0", DB, "--gateway.tenants.default.dialers.sami.possible-opt-out=ignore")))
                .hasStackTraceContaining("gateway.tenants.default.dialers.sami.possible-opt-out")
                .hasStackTraceContaining("No enum constant dev.dispositions.gateway.mapping.PossibleOptOut.ignore");
    }

    @Test
    void aGatewayWithoutAnAdminKeyDoesNotStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                .run("--server.port=0", "--management.server.port=0", DB, "--gateway.admin.api-key="))
                .hasStackTraceContaining("gateway.admin.api-key is required");
    }
}
