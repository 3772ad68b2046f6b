package dev.dispositions.gateway.crm.bullhorn;

import dev.dispositions.gateway.crm.CrmMetrics;
import dev.dispositions.gateway.crm.HttpReply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Bullhorn's calls outside a delivery's route: logging in (OAuth, REST login) and the install check's reads. A
 * delivery's calls go through {@link BullhornTransport} instead.
 */
@Component
class BullhornHttp {
    private final ProducerTemplate producer;
    private final CrmMetrics metrics;

    BullhornHttp(ProducerTemplate producer, CrmMetrics metrics) {
        this.producer = producer;
        this.metrics = metrics;
    }

    /**
     * One HTTP call through camel-http; never throws for an HTTP status. Query parameters travel URL-encoded in the
     * request, not in the endpoint URI (which would show them in metrics and logs).
     */
    HttpReply call(String url, String method, String pathSuffix, Map<String, String> query, String body) {
        return call(url, method, pathSuffix, query, body, null);
    }

    HttpReply call(String url, String method, String pathSuffix, Map<String, String> query, String body, String bhRestToken) {
        long started = System.nanoTime();
        Exchange reply = producer.send(url + "?throwExceptionOnFailure=false&followRedirects=false", ex -> {
            ex.getMessage().setHeader(Exchange.HTTP_METHOD, method);
            ex.getMessage().setHeader("Accept", "application/json");
            if (pathSuffix != null) {
                ex.getMessage().setHeader(Exchange.HTTP_PATH, pathSuffix);
            }
            if (query != null && !query.isEmpty()) {
                StringBuilder q = new StringBuilder();
                query.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(k).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
                ex.getMessage().setHeader(Exchange.HTTP_QUERY, q.toString());
            }
            if (bhRestToken != null) {
                ex.getMessage().setHeader("BhRestToken", bhRestToken);
            }
            if (body != null) {
                ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                ex.getMessage().setBody(body);
            }
        });
        Integer status = reply.getException() != null ? null : reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        metrics.request(BullhornSessions.CRM, status == null ? 0 : status, java.time.Duration.ofNanos(System.nanoTime() - started));
        if (reply.getException() != null) {
            // Not a refusal: the network or Bullhorn itself failed, so it is worth retrying.
            throw new BullhornSessions.LoginFailed("cannot reach Bullhorn: " + reply.getException().getClass().getSimpleName(), false);
        }
        return new HttpReply(status == null ? 0 : status, reply.getMessage().getBody(String.class), reply.getMessage().getHeaders());
    }
}
