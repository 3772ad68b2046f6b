package dev.dispositions.gateway.crm.bullhorn;

import dev.dispositions.gateway.config.Secret;
import java.net.URI;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One tenant's Bullhorn connector, bound from {@code gateway.tenants.<tenant>.crms.bullhorn.*}. The gateway logs
 * in headlessly as an API user (authorization code with the user's credentials, as Bullhorn's own SDK does).
 *
 * @param oauthUrl           the data centre's OAuth base, e.g. https://auth-east.bullhornstaffing.com/oauth
 * @param restLoginUrl       the data centre's REST base, e.g. https://rest-east.bullhornstaffing.com/rest-services
 * @param commentingPersonId the CorporateUser id Notes are written as (Bullhorn defaults to the API user)
 * @param doNotContactField  the person's field set on a do-not-contact request, with {@code doNotContactValue}:
 *                           Bullhorn documents no do-not-call field, so a status value (default) or a custom field
 * @param findNoteBeforeCreate Bullhorn has no upsert: each new Note carries the call's key in {@code externalID}, and
 *                           the gateway first looks for a Note with that key ({@code query/Note}), updating it if an
 *                           earlier attempt wrote it but its answer was lost
 * @param batchSize          rows one delivery takes: their Notes are looked for in one query, whose where clause
 *                           travels in the URL (at most {@value BullhornNotes#KEYS_PER_QUERY} keys a query)
 * @param concurrentWrites   Bullhorn has no batch writes: this many requests of one tenant are in flight at once
 * @param appUrl             the tenant's Bullhorn app (e.g. https://cls42.bullhornstaffing.com), for links into its
 *                           records from the console; none: no links
 * @param unknownPerson      what a call from someone no ClientContact or Candidate matches does: {@code fail} (a Note
 *                           needs its person: a dead letter for support), {@code create-candidate} or
 *                           {@code create-contact} (made once per number with the mapping's {@code newPeople} fields)
 * @param newContactCorporationId the ClientCorporation a ClientContact made for an unknown caller belongs to (Bullhorn
 *                           requires one): required with {@code create-contact}
 */
public record BullhornProperties(
        @DefaultValue("true") boolean enabled,
        URI oauthUrl,
        URI restLoginUrl,
        String clientId,
        Secret clientSecret,
        String username,
        Secret password,
        Long commentingPersonId,
        @DefaultValue("status") String doNotContactField,
        @DefaultValue("Do Not Contact") String doNotContactValue,
        @DefaultValue("true") boolean findNoteBeforeCreate,
        @DefaultValue("50") int batchSize,
        @DefaultValue("4") int concurrentWrites,
        URI appUrl,
        @DefaultValue("fail") String unknownPerson,
        Long newContactCorporationId) {

    static final java.util.Map<String, String> CREATES = java.util.Map.of("create-candidate", "Candidate", "create-contact", "ClientContact");

    /** The entity a person is made as for an unknown caller, or null when the policy makes none. */
    String createsPeopleAs() {
        return CREATES.get(unknownPerson);
    }

    /** Note.externalID is a String(100). */
    static final int EXTERNAL_ID_MAX = 100;

    void requireComplete(String prefix) {
        dev.dispositions.gateway.crm.UnknownPeople.require(prefix, unknownPerson, "fail", "create-candidate", "create-contact");
        if ("create-contact".equals(unknownPerson) && newContactCorporationId == null) {
            throw new IllegalStateException(prefix + ".new-contact-corporation-id is required with unknown-person: create-contact "
                    + "(the ClientCorporation a new ClientContact belongs to)");
        }
        if (batchSize < 1 || batchSize > 200) {
            throw new IllegalStateException(prefix + ".batch-size must be 1 to 200, not " + batchSize);
        }
        if (concurrentWrites < 1 || concurrentWrites > 16) {
            throw new IllegalStateException(prefix + ".concurrent-writes must be 1 to 16, not " + concurrentWrites);
        }
        for (var required : new Object[][] {{"oauth-url", oauthUrl}, {"rest-login-url", restLoginUrl}, {"client-id", clientId},
                {"client-secret", clientSecret}, {"username", username}, {"password", password}}) {
            Object v = required[1];
            if (v == null || (v instanceof String s && s.isBlank()) || (v instanceof Secret s && s.isBlank())) {
                throw new IllegalStateException(prefix + "." + required[0] + " is required");
            }
        }
    }

    static String trim(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
