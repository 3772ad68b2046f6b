package dev.dispositions.gateway.benchmark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** What the benchmark reads of the processes it starts: CPU time, peak memory, disk, and whether a port answers. */
final class Processes {
    /** Linux's clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every kernel this runs on). */
    private static final double TICKS_PER_SECOND = 100.0;

    private Processes() {
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** User plus system CPU time of the process so far, in milliseconds. */
    static double cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command: state(0) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(11) stime(12)
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND * 1000;
    }

    /** User plus system CPU time so far of every process named {@code name} (PostgreSQL's server processes), in ms. */
    static double cpuMillisOfAll(String name) throws IOException {
        double total = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    if (stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).equals(name)) {
                        total += cpuMillis(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        }
        return total;
    }

    /** The process's peak resident memory (VmHWM), in MB. */
    static double peakRssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return -1;
    }

    static long bytesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void awaitPort(int port, Duration atMost, Process process) throws Exception {
        Instant deadline = Instant.now().plus(atMost);
        while (Instant.now().isBefore(deadline)) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("the process exited with " + process.exitValue());
            }
            try (Socket s = new Socket("localhost", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("nothing listens on " + port + " after " + atMost);
    }

    /**
     * A bare HTTP server that reads each body and answers 202, the machine's ceiling for this driver: Node's
     * {@code http} module when Node is installed, else the JDK's own server.
     */
    static Process ceiling(int port, Path dir) throws Exception {
        Path script = dir.resolve("ceiling.js");
        Files.writeString(script, """
                const http = require('http');
                http.createServer((req, res) => {
                  req.on('data', () => {});
                  req.on('end', () => { res.writeHead(202, {'Content-Type': 'application/json'}); res.end('{"status":"accepted"}'); });
                }).listen(%d, '127.0.0.1');
                """.formatted(port));
        Process p = new ProcessBuilder(List.of("node", script.toString())).redirectErrorStream(true)
                .redirectOutput(dir.resolve("ceiling.log").toFile()).start();
        awaitPort(port, Duration.ofSeconds(20), p);
        return p;
    }
}
