package dev.dispositions.gateway.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** An OAuth token request (RFC 6749: a form POST answered with JSON), through camel-http as the connectors' calls are. */
public final class TokenEndpoint {
    private TokenEndpoint() {
    }

    /** @param body the JSON answer, an empty object when it was none */
    public record Answer(int status, JsonNode body) {
    }

    /**
     * @param what names the endpoint in the refusal ("Salesforce's token endpoint")
     * @throws OAuthConnect.Refused when it cannot be reached
     */
    public static Answer post(ProducerTemplate producer, ObjectMapper json, String url, Map<String, String> form, String what) {
        Exchange reply = producer.send(url + "?throwExceptionOnFailure=false", ex -> {
            ex.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
            ex.getMessage().setBody(form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                    .collect(Collectors.joining("&")));
        });
        if (reply.getException() != null) {
            throw new OAuthConnect.Refused(what + " could not be reached: " + reply.getException().getClass().getSimpleName());
        }
        String body = reply.getMessage().getBody(String.class);
        JsonNode answer;
        try {
            answer = json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            answer = json.createObjectNode();
        }
        return new Answer(reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class), answer);
    }

    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
