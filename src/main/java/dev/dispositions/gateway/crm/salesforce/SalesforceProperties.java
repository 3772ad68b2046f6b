package dev.dispositions.gateway.crm.salesforce;

import dev.dispositions.gateway.config.Secret;
import java.net.URI;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One tenant's Salesforce connector, bound from {@code gateway.tenants.<tenant>.crms.salesforce.*}.
 * Authenticates with the OAuth 2.0 client-credentials flow against the org's My Domain
 * ({@code https://<domain>.my.salesforce.com}); the connected app names the integration user.
 *
 * @param instanceUrl overrides the token response's {@code instance_url} (rarely needed)
 */
public record SalesforceProperties(
        @DefaultValue("true") boolean enabled,
        URI loginUrl,
        String clientId,
        Secret clientSecret,
        @DefaultValue("61.0") String apiVersion,
        URI instanceUrl) {

    void requireComplete(String prefix) {
        if (loginUrl == null) {
            throw new IllegalStateException(prefix + ".login-url is required (the org's My Domain URL)");
        }
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalStateException(prefix + ".client-id is required");
        }
        if (clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalStateException(prefix + ".client-secret is required (a value, or file:/path/to/secret)");
        }
    }
}
