package dev.dispositions.gateway.crm.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.crm.OAuthConnect;
import dev.dispositions.gateway.crm.TokenEndpoint;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * "Connect Salesforce": the OAuth 2.0 web server flow with PKCE (docs/sources.md#salesforce-oauth) against the
 * operator's connected app; the refresh token it grants becomes the tenant's {@code refresh-token} connection.
 * The tenant picks where its users log in: {@code production}, {@code sandbox}, or its My Domain
 * ({@code acme}, {@code acme--uat.sandbox}), never an arbitrary host.
 */
@Component
class SalesforceOAuth implements OAuthConnect {
    private static final Pattern MY_DOMAIN = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?(?:\\.sandbox)?");

    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final String clientId;
    private final String clientSecret;
    private final String scopes;
    private final String productionUrl;
    private final String sandboxUrl;
    private final String myDomainUrl;

    SalesforceOAuth(ProducerTemplate producer, ObjectMapper json,
                    @Value("${gateway.oauth.salesforce.client-id:}") String clientId,
                    @Value("${gateway.oauth.salesforce.client-secret:}") String clientSecret,
                    @Value("${gateway.oauth.salesforce.scopes:api refresh_token}") String scopes,
                    @Value("${gateway.oauth.salesforce.production-url:https://login.salesforce.com}") String productionUrl,
                    @Value("${gateway.oauth.salesforce.sandbox-url:https://test.salesforce.com}") String sandboxUrl,
                    @Value("${gateway.oauth.salesforce.my-domain-url:https://{domain}.my.salesforce.com}") String myDomainUrl) {
        this.producer = producer;
        this.json = json;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scopes = scopes;
        this.productionUrl = productionUrl;
        this.sandboxUrl = sandboxUrl;
        this.myDomainUrl = myDomainUrl;
    }

    @Override
    public String crm() {
        return SalesforceComponents.CRM;
    }

    @Override
    public List<String> missingSettings() {
        return OAuthConnect.blank("gateway.oauth.salesforce", clientId, clientSecret);
    }

    @Override
    public boolean pkce() {
        return true;
    }

    @Override
    public String login(String asked) {
        String login = asked == null || asked.isBlank() ? "production" : asked.trim().toLowerCase(Locale.ROOT)
                .replaceFirst("^https://", "").replaceFirst("\\.my\\.salesforce\\.com/?$", "");
        if (login.equals("production") || login.equals("sandbox") || MY_DOMAIN.matcher(login).matches()) {
            return login;
        }
        throw new IllegalArgumentException("login is 'production', 'sandbox' or the org's My Domain name (acme for "
                + "https://acme.my.salesforce.com, acme--uat.sandbox for a sandbox's)");
    }

    private String loginUrl(String login) {
        return switch (login) {
            case "production" -> productionUrl;
            case "sandbox" -> sandboxUrl;
            default -> myDomainUrl.replace("{domain}", login);
        };
    }

    @Override
    public URI authorizeUrl(String login, String state, URI redirectUri, String codeChallenge) {
        return URI.create(loginUrl(login) + "/services/oauth2/authorize?response_type=code&client_id=" + encode(clientId)
                + "&redirect_uri=" + encode(redirectUri.toString()) + "&scope=" + encode(scopes) + "&state=" + encode(state)
                + "&code_challenge=" + encode(codeChallenge) + "&code_challenge_method=S256");
    }

    @Override
    public Map<String, Object> exchange(String login, String code, String codeVerifier, URI redirectUri) {
        String base = loginUrl(login);
        TokenEndpoint.Answer reply = TokenEndpoint.post(producer, json, base + "/services/oauth2/token", Map.of("grant_type",
                "authorization_code", "code", code, "client_id", clientId, "client_secret", clientSecret, "redirect_uri",
                redirectUri.toString(), "code_verifier", codeVerifier), "Salesforce's token endpoint at " + base);
        JsonNode answer = reply.body();
        int status = reply.status();
        if (status != 200) {
            throw new Refused("Salesforce refused the code (" + status + "): " + answer.path("error").asText("?") + " "
                    + answer.path("error_description").asText(""));
        }
        if (answer.path("refresh_token").asText("").isEmpty()) {
            throw new Refused("Salesforce granted no refresh token: add the 'refresh_token, offline_access' scope to the connected app");
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("authentication", "refresh-token");
        settings.put("login-url", base);
        settings.put("client-id", clientId);
        settings.put("client-secret", clientSecret);
        settings.put("refresh-token", answer.path("refresh_token").asText());
        return settings;
    }

    private static String encode(String s) {
        return TokenEndpoint.encode(s);
    }
}
