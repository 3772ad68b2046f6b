package dev.dispositions.gateway.crm.bullhorn;

import dev.dispositions.gateway.crm.CamelHttp;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.CrmTransport;
import dev.dispositions.gateway.crm.HttpReply;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Planned calls to the tenant's corporation over camel-http, at the session's {@code restUrl}, with its
 * {@code BhRestToken} as a header (never in a URL). A 401 renews the session once (single flight) and the call is
 * sent again.
 */
@Component
class BullhornTransport implements CrmTransport {
    private static final String SESSION = "bullhornSession";

    private final BullhornSessions sessions;

    BullhornTransport(BullhornSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public String prepare(String tenant, CrmCall call, Message request) {
        BullhornSessions.Session session;
        try {
            session = sessions.session(tenant);
        } catch (BullhornSessions.LoginFailed e) {
            throw e.refused ? new CredentialsRefused(e.getMessage(), null) : new CredentialsUnavailable(e.getMessage());
        }
        String endpoint = CamelHttp.prepare(BullhornProperties.trim(java.net.URI.create(session.restUrl())), call, request);
        request.setHeader("BhRestToken", session.bhRestToken());
        if (request.getExchange() != null) {
            request.getExchange().setProperty(SESSION, session);
        }
        return endpoint;
    }

    @Override
    public HttpReply answer(String tenant, Message response, Exception failure) {
        return CamelHttp.answer(response, failure);
    }

    @Override
    public boolean renew(String tenant, Exchange sent) {
        try {
            sessions.renew(tenant, sent.getProperty(SESSION, BullhornSessions.Session.class));
            return true;
        } catch (BullhornSessions.LoginFailed e) {
            return false;
        }
    }
}
