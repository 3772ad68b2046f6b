package dev.dispositions.gateway.crm.salesforce;

import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.CrmTransport;
import dev.dispositions.gateway.crm.HttpReply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.springframework.stereotype.Component;

/**
 * Planned calls through the tenant's camel-salesforce component ({@code salesforce-<tenant>:raw}), which holds the
 * session: it logs in on first use, and on a 401 logs in again and resends by itself. A refusal comes back as a
 * {@link SalesforceException} carrying Salesforce's status and body; it is an answer like any other.
 */
@Component
class SalesforceTransport implements CrmTransport {
    private final SalesforceComponents components;

    SalesforceTransport(SalesforceComponents components) {
        this.components = components;
    }

    @Override
    public String prepare(String tenant, CrmCall call, Message m) {
        m.getHeaders().clear(); // an earlier answer's headers must not travel with this request
        m.setHeader("rawPath", call.path());
        m.setHeader("rawMethod", call.method());
        if (!call.query().isEmpty()) {
            // raw sends these headers, URL-encoded, as the query string
            call.query().forEach(m::setHeader);
            m.setHeader("rawQueryParameters", String.join(",", call.query().keySet()));
        }
        m.setBody(call.body());
        components.ensure(tenant, m.getExchange().getContext());
        return endpoint(tenant);
    }

    static String endpoint(String tenant) {
        return SalesforceComponents.componentName(tenant) + ":raw?format=JSON";
    }

    @Override
    public HttpReply answer(String tenant, Message response, Exception failure) {
        if (failure != null) {
            SalesforceException refused = find(failure, SalesforceException.class);
            if (refused != null && (refused.getStatusCode() > 0
                    || (refused.getMessage() != null && refused.getMessage().startsWith(SalesforceAnswers.LOGIN_ERROR)))) {
                return new HttpReply(refused.getStatusCode(), refused.getMessage(), Map.of());
            }
            return HttpReply.unreachable(rootMessage(failure));
        }
        Integer status = response.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return new HttpReply(status == null ? 200 : status, text(response.getBody()), Map.of());
    }

    private static String text(Object body) {
        try {
            return body instanceof InputStream in ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : body == null ? null : body.toString();
        } catch (IOException e) {
            return null;
        }
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + SalesforceAnswers.firstLine(m));
    }
}
