package dev.dispositions.gateway.benchmark;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A load driver over raw keep-alive sockets: {@code concurrency} connections, each sending the next prepared request
 * as soon as its previous answer is read, so the driver adds as little as it can to what is measured (no HTTP client
 * library, requests built and signed before the clock starts). Used for the gateway and for the bare server whose
 * rate is the machine's ceiling, in the same way.
 */
final class KeepAliveDriver {

    /** What one load run saw. */
    record Result(int sent, Map<Integer, Integer> byStatus, long[] latencyNanos, long elapsedNanos, int connectionErrors) {
        double perSecond() {
            return sent / (elapsedNanos / 1e9);
        }

        double percentileMillis(double p) {
            long[] sorted = latencyNanos.clone();
            java.util.Arrays.sort(sorted);
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
        }

        /** This result followed by {@code next} (a soak sent in parts), as if one run. */
        Result then(Result next) {
            Map<Integer, Integer> statuses = new java.util.TreeMap<>(byStatus);
            next.byStatus.forEach((k, v) -> statuses.merge(k, v, Integer::sum));
            long[] both = java.util.Arrays.copyOf(latencyNanos, latencyNanos.length + next.latencyNanos.length);
            System.arraycopy(next.latencyNanos, 0, both, latencyNanos.length, next.latencyNanos.length);
            java.util.Arrays.sort(both);
            return new Result(sent + next.sent, statuses, both, elapsedNanos + next.elapsedNanos, connectionErrors + next.connectionErrors);
        }

        int accepted() {
            return byStatus.entrySet().stream().filter(e -> e.getKey() >= 200 && e.getKey() < 300).mapToInt(Map.Entry::getValue).sum();
        }
    }

    private KeepAliveDriver() {
    }

    static Result run(String host, int port, List<byte[]> requests, int concurrency) throws InterruptedException {
        return run(host, port, requests, concurrency, 0);
    }

    /**
     * @param perSecond a steady rate: request i leaves no earlier than i / perSecond after the start (0: as fast as the
     *                  answers come)
     */
    static Result run(String host, int port, List<byte[]> requests, int concurrency, double perSecond) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLongArray latencies = new AtomicLongArray(requests.size());
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger errors = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            Thread t = new Thread(() -> {
                Socket socket = null;
                try {
                    int i;
                    while ((i = next.getAndIncrement()) < requests.size()) {
                        if (perSecond > 0) {
                            long due = started + (long) (i * 1e9 / perSecond);
                            while (System.nanoTime() < due) {
                                java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
                            }
                        }
                        for (int attempt = 0; ; attempt++) {
                            try {
                                if (socket == null || socket.isClosed()) {
                                    socket = new Socket(host, port);
                                    socket.setTcpNoDelay(true);
                                    socket.setSoTimeout(60_000);
                                }
                                long t0 = System.nanoTime();
                                OutputStream out = socket.getOutputStream();
                                out.write(requests.get(i));
                                out.flush();
                                Answer a = read(new BufferedInputStream(socket.getInputStream(), 8192));
                                latencies.set(i, System.nanoTime() - t0);
                                statuses.computeIfAbsent(a.status(), k -> new AtomicInteger()).incrementAndGet();
                                if (a.close()) {
                                    socket.close();
                                }
                                break;
                            } catch (IOException e) {
                                errors.incrementAndGet();
                                close(socket);
                                socket = null;
                                if (attempt >= 2) {
                                    statuses.computeIfAbsent(0, k -> new AtomicInteger()).incrementAndGet();
                                    break;
                                }
                            }
                        }
                    }
                } finally {
                    close(socket);
                }
            }, "load-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - started;
        long[] l = new long[requests.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = latencies.get(i);
        }
        Map<Integer, Integer> byStatus = new TreeMap<>();
        statuses.forEach((k, v) -> byStatus.put(k, v.get()));
        return new Result(requests.size(), byStatus, l, elapsed, errors.get());
    }

    private record Answer(int status, boolean close) {
    }

    /** One HTTP/1.1 answer: status line, headers, a body by Content-Length or chunks (read and dropped). */
    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        String header;
        while (!(header = line(in)).isEmpty()) {
            String lower = header.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (chunked) {
            long size;
            while ((size = Long.parseLong(line(in).split(";")[0].trim(), 16)) > 0) {
                in.skipNBytes(size);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            in.skipNBytes(length);
        }
        return new Answer(status, close);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed mid-answer");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private static void close(Socket s) {
        try {
            if (s != null) {
                s.close();
            }
        } catch (IOException ignored) {
            // closing
        }
    }

    static byte[] post(String path, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: localhost\r\nContent-Length: ")
                .append(body.length).append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = java.util.Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }
}
