package dev.dispositions.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dispositions.gateway.GatewayIntegrationTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Wrong admin keys are logged with the client's address (never the key) and limited per address: after ten in a
 * minute the address is refused with 429 and Retry-After, even with the right key. (Sent from 127.0.0.2, so that the
 * other tests' address keeps its own budget.)
 */
class AdminKeyAttemptsTest extends GatewayIntegrationTest {

    private String get(String address, String key) throws IOException {
        try (Socket s = new Socket(InetAddress.getByName("localhost"), port, InetAddress.getByName(address), 0)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /api/connectors HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Api-Key: " + key
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void tenWrongKeysFromOneAddressAndItIsHeldOffForAMinute() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger logger = (Logger) LoggerFactory.getLogger(AdminApiKey.class);
        logger.addAppender(logs);
        try {
            for (int i = 0; i < AdminApiKey.FAILURES_PER_MINUTE; i++) {
                assertThat(get("127.0.0.2", "guess-" + i)).startsWith("HTTP/1.1 401").contains("api_key_invalid");
            }
            String held = get("127.0.0.2", ADMIN_KEY);
            assertThat(held).startsWith("HTTP/1.1 429").contains("Retry-After: 60").contains("\"reason\":\"too_many_attempts\"");
            assertThat(get("127.0.0.1", ADMIN_KEY)).as("another address is not held").startsWith("HTTP/1.1 200");
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.startsWith("admin API refused a wrong key from 127.0.0.2 for GET /api/connectors"))
                .noneMatch(m -> m.contains("guess-"));
    }

    @Test
    void parallelGuessesGetNoMoreThanTheLimit() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            var answers = new java.util.ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                answers.add(pool.submit(() -> get("127.0.0.3", "parallel-guess-" + n)));
            }
            int refusedAsWrong = 0;
            for (var a : answers) {
                String answer = a.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(answer).matches("(?s)HTTP/1.1 (401|429).*");
                refusedAsWrong += answer.startsWith("HTTP/1.1 401") ? 1 : 0;
            }
            assertThat(refusedAsWrong).as("guesses actually compared").isEqualTo(AdminApiKey.FAILURES_PER_MINUTE);
        } finally {
            pool.shutdownNow();
        }
    }
}
