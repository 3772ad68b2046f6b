package dev.dispositions.gateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command an admin runs before deploying: exit 0 on good files, 1 with file, path and reason on bad ones. */
class ValidateMappingsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ValidateMappings.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void thePackagedMappingsAreValidAndTheirExamplesHold() {
        assertThat(run("mappings")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("valid: dialers [aircall, calliyo", "crms [bullhorn, hubspot, kafka, salesforce, webhook]")
                .containsPattern("; [1-9][0-9]* examples hold");
    }

    @Test
    void aBrokenExampleOrValueExitsOneNamingFilePathAndReason(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("crms"));
        Files.createDirectories(dir.resolve("dialers"));
        Files.writeString(dir.resolve("crms/salesforce.yaml"), Files.readString(Path.of("mappings/crms/salesforce.yaml"))
                .replace("LEFT_VOICEMAIL: Left Voicemail", "LEFT_VOICEMAIL: Voicemail Left"));
        Files.writeString(dir.resolve("dialers/twilio.yaml"), Files.readString(Path.of("mappings/dialers/twilio.yaml"))
                .replace("transform: date", "transform: date").replace("fax: WRONG_NUMBER", "fax: WRONGNUMBER"));

        assertThat(run(dir.toString())).isEqualTo(1);
        String report = err.toString(StandardCharsets.UTF_8);
        assertThat(report).contains(dir.resolve("crms/salesforce.yaml") + " at examples[0] (a voicemail on an outbound call).expect.Subject: rendered Call: Voicemail Left, expected Call: Left Voicemail")
                .contains(dir.resolve("dialers/twilio.yaml") + " at labels.completed:fax:")
                .contains("problem(s)");
    }

    @Test
    void twoSpellingsOfOneLabelWithDifferentOutcomesAreAProblem(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("dialers"));
        Files.writeString(dir.resolve("dialers/symbo.yaml"), Files.readString(Path.of("mappings/dialers/symbo.yaml"))
                .replace("  No Answer: NO_ANSWER\n", "  No Answer: NO_ANSWER\n  \"no  answer \": BUSY\n  NO ANSWER: NO_ANSWER\n"));

        assertThat(run(dir.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(dir.resolve("dialers/symbo.yaml") + " at labels.no  answer : is the same label as 'No Answer' (both read "
                        + "'no answer' once case, dashes and spaces are set aside) but maps to another outcome")
                .doesNotContain("labels.NO ANSWER");
    }

    @Test
    void theConnectorsOwnRulesRunToo(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("crms"));
        Files.writeString(dir.resolve("crms/bullhorn.yaml"), Files.readString(Path.of("mappings/crms/bullhorn.yaml"))
                .replaceFirst("(?m)^  TRANSFER_MISSED: .*$", "  TRANSFER_MISSED: Transfer attempted but nobody answered"));

        assertThat(run(dir.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(dir.resolve("crms/bullhorn.yaml")
                + " at outcomes.TRANSFER_MISSED: Note.action holds at most 30 characters");
    }

    @Test
    void aFolderWithoutMappingFilesIsAUsageError(@TempDir Path dir) {
        assertThat(run(dir.toString())).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
    }
}
