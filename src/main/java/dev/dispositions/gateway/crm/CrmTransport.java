package dev.dispositions.gateway.crm;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * How a connector's planned calls reach its CRM: the Camel endpoint, and the credentials, which only the transport
 * holds (a plan never carries a token, so neither a preview nor a stored request can show one).
 */
public interface CrmTransport {

    /**
     * Sets the request on the message (method, path, query, body, credentials) and returns the endpoint to send it to.
     *
     * @throws CredentialsRefused when there are no credentials to send (the CRM refused to issue a token)
     */
    String prepare(String tenant, CrmCall call, Message request);

    /**
     * The answer the endpoint left in the message, or why none came.
     *
     * @param failure what the endpoint threw, if it did (for some components a refusal is an exception)
     */
    HttpReply answer(String tenant, Message response, Exception failure);

    /**
     * After a 401: whether fresh credentials were obtained, so the call is worth sending once more (the same call,
     * once). Single flight per tenant: many 401s at once cause one renewal.
     *
     * @param sent the exchange the refused request went out on ({@link #prepare} may have noted what it sent there)
     */
    default boolean renew(String tenant, Exchange sent) {
        return false;
    }

    /** The CRM would not issue credentials (a refresh token revoked, a login refused): an admin must act. */
    final class CredentialsRefused extends RuntimeException {
        private final transient HttpReply reply;

        public CredentialsRefused(String message, HttpReply reply) {
            super(message, null, false, false);
            this.reply = reply;
        }

        public HttpReply reply() {
            return reply;
        }
    }

    /** The credentials could not be fetched for a reason worth retrying (the token endpoint down). */
    final class CredentialsUnavailable extends RuntimeException {
        public CredentialsUnavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** The call may not be sent, and sending it later will not change that (a destination's address refused). */
    final class NotAllowed extends RuntimeException {
        public NotAllowed(String message) {
            super(message, null, false, false);
        }
    }

    /** The CRM's documented pace would be exceeded: the call waits for a later delivery, like a throttled one. */
    final class Paced extends RuntimeException {
        private final transient java.time.Duration wait;

        public Paced(String message, java.time.Duration wait) {
            super(message, null, false, false);
            this.wait = wait;
        }

        public java.time.Duration waitFor() {
            return wait;
        }
    }
}
