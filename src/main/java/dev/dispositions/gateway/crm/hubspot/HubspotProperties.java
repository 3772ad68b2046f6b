package dev.dispositions.gateway.crm.hubspot;

import dev.dispositions.gateway.config.Secret;
import java.net.URI;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One tenant's HubSpot portal, bound from {@code gateway.tenants.<tenant>.crms.hubspot.*}.
 *
 * @param authentication     {@code private-app} (an app's static token) or {@code oauth} (a public app's refresh token)
 * @param accessToken        a private app's access token (scopes crm.objects.contacts.read/write)
 * @param refreshToken       with {@code oauth}: exchanged, with the client id and secret, for access tokens
 * @param associationTypeId  call → contact association (HUBSPOT_DEFINED 194, HubSpot's client libraries)
 * @param doNotCallProperty  the contact's checkbox property set to "true" on a do-not-contact request: HubSpot has no
 *                           documented standard one, so the portal's admin creates it (or names an existing one)
 * @param callIdProperty     a call property with unique values (created by the portal's admin, "unique value" on):
 *                           calls are written by {@code batch/upsert} on it, keyed by dialer and call id, so a retry
 *                           after a lost answer updates the call it wrote; empty: plain creates, which can duplicate
 * @param batchSize          the most inputs one batch request carries (HubSpot takes 100)
 * @param searchesPerSecond  contact searches sent a second at most: HubSpot's search endpoints allow a few per portal
 * @param portalId           the portal's id (Hub ID), for links into its records from the console; none: no links
 * @param appUrl             HubSpot's app for the portal's data centre (https://app-eu1.hubspot.com for EU portals)
 * @param unknownPerson      what a call from someone no contact matches does: {@code log-without-person} (the call has
 *                           no association), {@code create-contact} (made once per number with the mapping's
 *                           {@code newPeople} fields), or {@code fail} (a dead letter for support)
 */
public record HubspotProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("https://api.hubapi.com") URI baseUrl,
        @DefaultValue("private-app") String authentication,
        Secret accessToken,
        String clientId,
        Secret clientSecret,
        Secret refreshToken,
        @DefaultValue("194") int associationTypeId,
        @DefaultValue("do_not_call") String doNotCallProperty,
        @DefaultValue("dialer_call_key") String callIdProperty,
        @DefaultValue("100") int batchSize,
        @DefaultValue("4") int searchesPerSecond,
        Long portalId,
        @DefaultValue("https://app.hubspot.com") URI appUrl,
        @DefaultValue("log-without-person") String unknownPerson) {

    /** The object a person is made as for an unknown caller, or null when the policy makes none. */
    String createsPeopleAs() {
        return "create-contact".equals(unknownPerson) ? "contacts" : null;
    }

    /** A HubSpot single-line text property holds at most 65,536 characters; our keys stay far below. */
    static final int CALL_KEY_MAX = 255;

    boolean upserts() {
        return callIdProperty != null && !callIdProperty.isBlank();
    }

    void requireComplete(String prefix) {
        dev.dispositions.gateway.crm.UnknownPeople.require(prefix, unknownPerson, "log-without-person", "create-contact", "fail");
        if (batchSize < 1 || batchSize > 100) {
            throw new IllegalStateException(prefix + ".batch-size must be 1 to 100 (inputs per HubSpot batch request), not " + batchSize);
        }
        if (searchesPerSecond < 1) {
            throw new IllegalStateException(prefix + ".searches-per-second must be at least 1, not " + searchesPerSecond);
        }
        switch (authentication) {
            case "private-app" -> {
                if (accessToken == null || accessToken.isBlank()) {
                    throw new IllegalStateException(prefix + ".access-token is required (a private app token, or file:/path)");
                }
            }
            case "oauth" -> {
                if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()
                        || refreshToken == null || refreshToken.isBlank()) {
                    throw new IllegalStateException(prefix + ".client-id, .client-secret and .refresh-token are required for oauth");
                }
            }
            default -> throw new IllegalStateException(prefix + ".authentication must be private-app or oauth, not '" + authentication + "'");
        }
    }

    boolean oauth() {
        return "oauth".equals(authentication);
    }

    String base() {
        String b = baseUrl.toString();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }
}
