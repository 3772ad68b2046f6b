package dev.dispositions.gateway.crm.webhook;

import dev.dispositions.gateway.config.Destination;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.crm.CamelHttp;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.CrmTransport;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.destination.DestinationGuard;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * A destination's POST over camel-http, signed at send time (a retry carries the same {@code webhook-id} with a new
 * timestamp). The endpoint's address is checked again just before it is called ({@link EndpointGuard}), since DNS may
 * answer otherwise than when the endpoint was saved.
 */
@Component
class WebhookTransport implements CrmTransport {
    private final TenantDirectory tenants;
    private final DestinationGuard guard;
    private final Clock clock;

    WebhookTransport(TenantDirectory tenants, DestinationGuard guard, Clock clock) {
        this.tenants = tenants;
        this.guard = guard;
        this.clock = clock;
    }

    /** The destination the call goes to: its connector id travels as the call's path ({@code webhook:<id>}). */
    Destination destination(String tenant, CrmCall call) {
        return tenants.destination(tenant, call.path()).orElseThrow(() -> new CredentialsUnavailable("destination " + call.path()
                + " of tenant " + tenant + " is not there any more (deleted, or not yet read by this replica)"));
    }

    @Override
    public String prepare(String tenant, CrmCall call, Message request) {
        Destination d = destination(tenant, call);
        URI url = d.url();
        try {
            guard.check(url);
        } catch (dev.dispositions.gateway.destination.EndpointGuard.Refused refused) {
            if (refused.unresolved()) {
                throw new CredentialsUnavailable(refused.getMessage());
            }
            throw new NotAllowed("not sent: " + refused.getMessage());
        }
        String base = url.getScheme() + "://" + url.getRawAuthority();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String endpoint = CamelHttp.prepare(base, new CrmCall(call.purpose(), true, "POST", path, java.util.Map.of(), call.body(), call.parts()),
                request);
        if (url.getRawQuery() != null) {
            request.setHeader(Exchange.HTTP_QUERY, url.getRawQuery());
        }
        WebhookSignature.headers(d.secrets(), "msg_" + call.items().get(0), clock.instant(), call.body().getBytes(StandardCharsets.UTF_8))
                .forEach(request::setHeader);
        request.setHeader("User-Agent", "call-disposition-gateway");
        return endpoint;
    }

    @Override
    public HttpReply answer(String tenant, Message response, Exception failure) {
        return CamelHttp.answer(response, failure);
    }
}
