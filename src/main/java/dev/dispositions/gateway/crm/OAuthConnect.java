package dev.dispositions.gateway.crm;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A connector's side of "Connect with OAuth" (the authorization-code flow): where to send the CRM admin to log in
 * and consent, and how to turn the code the CRM redirects back with into the connection's settings (a refresh token
 * among them). The flow around it (single-use state, the callback, storage, the install check) is the gateway's.
 */
public interface OAuthConnect {
    String crm();

    /** The operator's settings this needs (the connected app's client id and secret) that are not set; empty when ready. */
    List<String> missingSettings();

    /** Which of the app's two settings under {@code prefix} ({@code gateway.oauth.salesforce}) are blank. */
    static List<String> blank(String prefix, String clientId, String clientSecret) {
        List<String> missing = new java.util.ArrayList<>();
        if (clientId == null || clientId.isBlank()) {
            missing.add(prefix + ".client-id");
        }
        if (clientSecret == null || clientSecret.isBlank()) {
            missing.add(prefix + ".client-secret");
        }
        return missing;
    }

    /** Whether the authorize URL carries a PKCE challenge (S256) and the exchange its verifier. */
    boolean pkce();

    /**
     * The tenant's login choice, checked and written as this connector stores it (Salesforce: production, sandbox or
     * a My Domain name); null stands for the default.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    String login(String asked);

    /** @param codeChallenge the PKCE challenge, or null without PKCE */
    URI authorizeUrl(String login, String state, URI redirectUri, String codeChallenge);

    /**
     * Exchanges the code for tokens.
     *
     * @return the connection's settings, as the configuration writes them ({@code refresh-token}, {@code login-url}...)
     * @throws Refused when the CRM refuses the code, with what it said (never a token)
     */
    Map<String, Object> exchange(String login, String code, String codeVerifier, URI redirectUri);

    /** The CRM refused: its words, safe to show to the admin. */
    class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }
}
