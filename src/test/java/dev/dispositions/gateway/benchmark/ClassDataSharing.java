package dev.dispositions.gateway.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway launched as the Dockerfile launches it: the jar extracted (Spring Boot's {@code jarmode=tools}) and
 * started with a class-data-sharing archive recorded by one training start, which saves about a quarter of the start
 * time. Prepared once per benchmark, for the JVM options it runs with.
 */
final class ClassDataSharing {
    private static List<String> launch;

    private ClassDataSharing() {
    }

    /** What follows the JVM options on the command line: the archive and the extracted jar. */
    static synchronized List<String> launch(Path jar, Path javaBin, List<String> jvm) throws Exception {
        if (launch != null) {
            return launch;
        }
        Path dir = Path.of("target/benchmarks/cds").toAbsolutePath();
        if (Files.exists(dir)) {
            try (var old = Files.walk(dir)) {
                for (Path f : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(dir);
        run(dir, List.of(javaBin.toString(), "-Djarmode=tools", "-jar", jar.toAbsolutePath().toString(), "extract", "--destination",
                dir.resolve("app").toString()));
        Path extracted;
        try (var files = Files.list(dir.resolve("app"))) {
            extracted = files.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        Path archive = dir.resolve("app.jsa");
        List<String> training = new ArrayList<>(List.of(javaBin.toString()));
        training.addAll(jvm);
        // The Dockerfile's training start: the context refreshed on a scratch database, then the JVM exits and writes the archive.
        training.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh", "-jar", extracted.toString(),
                "--gateway.admin.api-key=training", "--gateway.data-dir=" + dir.resolve("training-db"), "--server.port=0",
                "--management.server.port=0"));
        run(dir, training);
        if (!Files.exists(archive)) {
            throw new IllegalStateException("the training start wrote no class-data archive; see " + dir.resolve("cds.log"));
        }
        launch = List.of("-XX:SharedArchiveFile=" + archive, "-jar", extracted.toString());
        return launch;
    }

    private static void run(Path dir, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("cds.log").toFile())).start();
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("failed: " + String.join(" ", command) + "; see " + dir.resolve("cds.log"));
        }
    }
}
