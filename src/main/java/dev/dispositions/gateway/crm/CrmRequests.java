package dev.dispositions.gateway.crm;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.springframework.stereotype.Component;

/**
 * One request to a tenant's CRM outside a delivery (a person read for support's edit): through the connector's
 * transport, with its credentials, renewed once after a 401, as a delivery would.
 */
@Component
public class CrmRequests {
    private final ProducerTemplate producer;

    CrmRequests(ProducerTemplate producer) {
        this.producer = producer;
    }

    public HttpReply send(String tenant, CrmTransport transport, CrmCall call) {
        try {
            return once(tenant, transport, call);
        } catch (CrmTransport.CredentialsRefused | CrmTransport.CredentialsUnavailable | CrmTransport.Paced | CrmTransport.NotAllowed e) {
            return HttpReply.unreachable(e.getMessage());
        }
    }

    private HttpReply once(String tenant, CrmTransport transport, CrmCall call) {
        Exchange request = new DefaultExchange(producer.getCamelContext());
        Exchange answered = producer.send(transport.prepare(tenant, call, request.getMessage()), request);
        HttpReply reply = transport.answer(tenant, answered.getMessage(), answered.getException());
        if (reply.status() == 401 && transport.renew(tenant, answered)) {
            Exchange again = new DefaultExchange(producer.getCamelContext());
            Exchange second = producer.send(transport.prepare(tenant, call, again.getMessage()), again);
            return transport.answer(tenant, second.getMessage(), second.getException());
        }
        return reply;
    }
}
