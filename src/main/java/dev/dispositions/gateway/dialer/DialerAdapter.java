package dev.dispositions.gateway.dialer;

import dev.dispositions.gateway.config.GatewayProperties.DialerSettings;
import dev.dispositions.gateway.mapping.DialerMapping;

/**
 * One dialer. Discovered as a Spring bean; its id is the webhook URL segment, the mapping file name
 * ({@code mappings/dialers/<id>.yaml}) and the configuration key ({@code gateway.tenants.<t>.dialers.<id>}).
 */
public interface DialerAdapter {

    String id();

    /** Whether a body of this media type (no parameters, lower case) can be read. */
    boolean accepts(String mediaType);

    /** Checks the signature or token on the raw request, in constant time. Throws {@link WebhookRejected} (401). */
    void verify(InboundWebhook webhook, DialerSettings settings);

    /**
     * Parses (400 on failure) and normalizes (422 naming the field) the webhook. Pure: no I/O, no clock other
     * than the webhook's receipt time. {@code mapping} already carries the tenant's own labels.
     */
    Normalized normalize(InboundWebhook webhook, DialerMapping mapping, DialerSettings settings);
}
