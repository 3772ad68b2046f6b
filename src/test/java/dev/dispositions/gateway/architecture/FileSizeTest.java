package dev.dispositions.gateway.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each dialer adapter and each CRM connector stays a few small files a reader takes in at once: no source file in
 * {@code crm/} or {@code dialer/} over 210 lines (the guide's "no file much over 200 lines").
 */
class FileSizeTest {
    private static final int MOST_LINES = 210;

    @Test
    void noConnectorOrAdapterFileIsMuchOverTwoHundredLines() throws IOException {
        List<String> tooLong;
        try (Stream<Path> files = Stream.of("crm", "dialer").map(p -> Path.of("src/main/java/dev/dispositions/gateway", p))
                .flatMap(FileSizeTest::walk)) {
            tooLong = files.filter(f -> f.toString().endsWith(".java")).filter(f -> lines(f) > MOST_LINES)
                    .map(f -> f + ": " + lines(f) + " lines").toList();
        }
        assertThat(tooLong).as("files over %d lines", MOST_LINES).isEmpty();
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lines(Path file) {
        try (Stream<String> l = Files.lines(file)) {
            return l.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
