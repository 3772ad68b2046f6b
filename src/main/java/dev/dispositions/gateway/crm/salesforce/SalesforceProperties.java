package dev.dispositions.gateway.crm.salesforce;

import dev.dispositions.gateway.config.Secret;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One tenant's Salesforce connector, bound from {@code gateway.tenants.<tenant>.crms.salesforce.*}, with one of
 * three OAuth 2.0 flows suited to a server (docs/sources.md#salesforce-oauth):
 * <ul>
 * <li>{@code client-credentials} (default): client id and secret; the connected app names the integration user;</li>
 * <li>{@code refresh-token}: a refresh token obtained once by an admin (client secret optional);</li>
 * <li>{@code jwt-bearer}: a JWT signed with the key in {@code keystore} (PKCS12) for {@code username}.</li>
 * </ul>
 * Log in at the org's My Domain ({@code https://<domain>.my.salesforce.com}).
 *
 * @param instanceUrl overrides the token response's {@code instance_url} (rarely needed)
 * @param doNotContactAllChannels a do-not-contact request also sets {@code HasOptedOutOfEmail}, not only {@code DoNotCall}
 * @param externalIdField the Activity custom field (text, External ID, unique) Tasks are upserted on, so a retry after
 *                        a lost answer updates the Task it already wrote; empty: plain creates, which a lost answer
 *                        can duplicate
 * @param batchSize the most records one sObject Collections request carries (Salesforce allows 200)
 * @param unknownPerson what a call from someone no Contact or Lead matches does: {@code log-without-person} (the Task
 *                      has no WhoId), {@code create-lead} or {@code create-contact} (made once per number, with the
 *                      fields the mapping's {@code newPeople} declares), or {@code fail} (a dead letter for support)
 */
public record SalesforceProperties(
        @DefaultValue("true") boolean enabled,
        URI loginUrl,
        @DefaultValue("client-credentials") String authentication,
        String clientId,
        Secret clientSecret,
        Secret refreshToken,
        String username,
        Path keystore,
        Secret keystorePassword,
        @DefaultValue("61.0") String apiVersion,
        URI instanceUrl,
        @DefaultValue("false") boolean doNotContactAllChannels,
        @DefaultValue("Dialer_Call_Id__c") String externalIdField,
        @DefaultValue("200") int batchSize,
        @DefaultValue("log-without-person") String unknownPerson) {

    static final java.util.Map<String, String> CREATES = java.util.Map.of("create-lead", "Lead", "create-contact", "Contact");

    /** Salesforce's longest text field. */
    static final int EXTERNAL_ID_MAX = 255;

    boolean upserts() {
        return externalIdField != null && !externalIdField.isBlank();
    }

    /** The object a person is created as for an unknown caller, or null when the policy creates none. */
    String createsPeopleAs() {
        return CREATES.get(unknownPerson);
    }

    void requireComplete(String prefix) {
        dev.dispositions.gateway.crm.UnknownPeople.require(prefix, unknownPerson, "log-without-person", "create-lead", "create-contact", "fail");
        if (batchSize < 1 || batchSize > 200) {
            throw new IllegalStateException(prefix + ".batch-size must be 1 to 200 (records per sObject Collections request), not " + batchSize);
        }
        if (loginUrl == null) {
            throw new IllegalStateException(prefix + ".login-url is required (the org's My Domain URL)");
        }
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalStateException(prefix + ".client-id is required");
        }
        switch (authentication) {
            case "client-credentials" -> require(prefix, "client-secret", clientSecret);
            case "refresh-token" -> require(prefix, "refresh-token", refreshToken);
            case "jwt-bearer" -> {
                if (username == null || username.isBlank()) {
                    throw new IllegalStateException(prefix + ".username is required for jwt-bearer (the JWT's subject)");
                }
                if (keystore == null || !Files.isReadable(keystore)) {
                    throw new IllegalStateException(prefix + ".keystore must name a readable PKCS12 file for jwt-bearer");
                }
                require(prefix, "keystore-password", keystorePassword);
            }
            default -> throw new IllegalStateException(prefix + ".authentication must be client-credentials, refresh-token "
                    + "or jwt-bearer, not '" + authentication + "'");
        }
    }

    private static void require(String prefix, String key, Secret value) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(prefix + "." + key + " is required (a value, or file:/path/to/secret)");
        }
    }
}
