package dev.dispositions.gateway.crm;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * A planned call as a camel-http request: the endpoint is the connection's base alone, so Camel's endpoint metrics
 * stay one per tenant; path, query and method travel in headers. HTTP errors are answers, not exceptions.
 */
public final class CamelHttp {
    private CamelHttp() {
    }

    /** @param base the connection's base URL, without a trailing slash for a path that starts with one */
    public static String prepare(String base, CrmCall call, Message m) {
        m.getHeaders().clear(); // an earlier answer's headers must not travel with this request
        m.setHeader(Exchange.HTTP_METHOD, call.method());
        m.setHeader("Accept", "application/json");
        m.setHeader(Exchange.HTTP_PATH, call.path());
        if (!call.query().isEmpty()) {
            m.setHeader(Exchange.HTTP_QUERY, query(call.query()));
        }
        if (call.body() != null) {
            m.setHeader(Exchange.CONTENT_TYPE, "application/json");
            m.setBody(call.body());
        } else {
            m.setBody(null);
        }
        return base + "?throwExceptionOnFailure=false&followRedirects=false";
    }

    public static String query(Map<String, String> query) {
        StringBuilder q = new StringBuilder();
        query.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return q.toString();
    }

    public static HttpReply answer(Message response, Exception failure) {
        if (failure != null) {
            return HttpReply.unreachable(failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
        }
        Integer status = response.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return new HttpReply(status == null ? 0 : status, response.getBody(String.class), nonNull(response.getHeaders()));
    }

    private static Map<String, Object> nonNull(Map<String, Object> headers) {
        Map<String, Object> kept = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> {
            if (k != null && v != null) {
                kept.put(k, v);
            }
        });
        return kept;
    }
}
