package dev.dispositions.gateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispositions.gateway.canonical.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every packaged mapping file is valid and complete; a broken one is refused with file, YAML path and reason. */
class MappingFilesTest {

    @Test
    void everyPackagedFileLoadsAndEveryCrmFileCoversEveryOutcome() {
        MappingCatalog catalog = MappingCatalogs.packaged();
        assertThat(catalog.dialer("generic")).isPresent();
        assertThat(catalog.dialer("twilio")).isPresent();
        CrmMapping salesforce = catalog.crm("salesforce").orElseThrow();
        for (Outcome o : Outcome.values()) {
            assertThat(salesforce.outcomes().containsKey(o.name()) ^ salesforce.ignore().containsKey(o.name()))
                    .as("%s is mapped or ignored, not both", o).isTrue();
        }
        assertThat(salesforce.ignore()).doesNotContainKey("DO_NOT_CONTACT");
    }

    @Test
    void aCrmFileThatIgnoresDoNotContactOrForgetsAnOutcomeIsRefused(@TempDir Path dir) throws IOException {
        String broken = Files.readString(Path.of("mappings/crms/salesforce.yaml"))
                .replace("  DO_NOT_CONTACT: Do Not Contact\n", "")
                .replace("  BUSY: Busy\n", "")
                .replace("ignore:\n", "ignore:\n  DO_NOT_CONTACT: \"we would rather not\"\n");
        write(dir.resolve("crms/salesforce.yaml"), broken);

        assertThatThrownBy(() -> MappingCatalogs.withOverrides(dir.toString()))
                .isInstanceOfSatisfying(MappingFileException.class, e -> {
                    assertThat(e.problems()).extracting(MappingProblem::path)
                            .contains("ignore.DO_NOT_CONTACT", "outcomes.BUSY");
                    assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).endsWith("crms/salesforce.yaml"));
                    assertThat(e.getMessage()).contains("locked for compliance");
                });
    }

    @Test
    void aFieldWithAnUnknownSourceTransformOrPlaceholderIsRefused(@TempDir Path dir) throws IOException {
        String broken = Files.readString(Path.of("mappings/crms/salesforce.yaml"))
                .replace("{ from: durationSeconds }", "{ from: durationMinutes }")
                .replace("ActivityDate: { from: occurredAt, transform: date }", "ActivityDate: { from: occurredAt, transform: fortnight }")
                .replace("Call: {disposition}", "Call: {mood}");
        write(dir.resolve("crms/salesforce.yaml"), broken);

        assertThatThrownBy(() -> MappingCatalogs.withOverrides(dir.toString()))
                .isInstanceOfSatisfying(MappingFileException.class, e -> assertThat(e.problems()).extracting(MappingProblem::path)
                        .containsExactlyInAnyOrder("activity.fields.CallDurationInSeconds.from",
                                "activity.fields.ActivityDate.transform", "activity.fields.Subject.template"));
    }

    @Test
    void aDialerFileWithATypoOrNoUnknownLabelPolicyIsRefusedWithItsPath(@TempDir Path dir) throws IOException {
        write(dir.resolve("dialers/twilio.yaml"), Files.readString(Path.of("mappings/dialers/twilio.yaml"))
                .replace("busy: BUSY", "busy: BUSSY")
                .replace("unknownLabel:\n  fallback: CONNECTED\n", ""));
        write(dir.resolve("dialers/generic.yaml"), "dialer: generic\nlables: {}\n");

        assertThatThrownBy(() -> MappingCatalogs.withOverrides(dir.toString()))
                .isInstanceOfSatisfying(MappingFileException.class, e -> {
                    assertThat(e.problems()).extracting(p -> p.file().replaceAll(".*/dialers/", "dialers/") + " " + p.path())
                            .containsExactlyInAnyOrder("dialers/twilio.yaml labels.busy", "dialers/twilio.yaml unknownLabel",
                                    "dialers/generic.yaml lables", "dialers/generic.yaml unknownLabel");
                });
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
