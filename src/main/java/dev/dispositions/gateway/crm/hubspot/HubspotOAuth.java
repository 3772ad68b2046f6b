package dev.dispositions.gateway.crm.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.crm.OAuthConnect;
import dev.dispositions.gateway.crm.TokenEndpoint;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * "Connect HubSpot": a public app's OAuth authorization-code flow (HubSpot documents no PKCE for it); the refresh
 * token becomes the tenant's {@code oauth} connection. The portal is the one the admin picks while consenting.
 */
@Component
class HubspotOAuth implements OAuthConnect {
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final String clientId;
    private final String clientSecret;
    private final String scopes;
    private final String authorizeUrl;
    private final String apiUrl;

    HubspotOAuth(ProducerTemplate producer, ObjectMapper json,
                 @Value("${gateway.oauth.hubspot.client-id:}") String clientId,
                 @Value("${gateway.oauth.hubspot.client-secret:}") String clientSecret,
                 @Value("${gateway.oauth.hubspot.scopes:crm.objects.contacts.read crm.objects.contacts.write}") String scopes,
                 @Value("${gateway.oauth.hubspot.authorize-url:https://app.hubspot.com/oauth/authorize}") String authorizeUrl,
                 @Value("${gateway.oauth.hubspot.api-url:https://api.hubapi.com}") String apiUrl) {
        this.producer = producer;
        this.json = json;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scopes = scopes;
        this.authorizeUrl = authorizeUrl;
        this.apiUrl = apiUrl;
    }

    @Override
    public String crm() {
        return HubspotPortals.CRM;
    }

    @Override
    public List<String> missingSettings() {
        return OAuthConnect.blank("gateway.oauth.hubspot", clientId, clientSecret);
    }

    @Override
    public boolean pkce() {
        return false;
    }

    @Override
    public String login(String asked) {
        if (asked != null && !asked.isBlank()) {
            throw new IllegalArgumentException("HubSpot has one login; the admin picks the portal while consenting (send no login)");
        }
        return null;
    }

    @Override
    public URI authorizeUrl(String login, String state, URI redirectUri, String codeChallenge) {
        return URI.create(authorizeUrl + "?client_id=" + encode(clientId) + "&redirect_uri=" + encode(redirectUri.toString())
                + "&scope=" + encode(scopes) + "&state=" + encode(state));
    }

    @Override
    public Map<String, Object> exchange(String login, String code, String codeVerifier, URI redirectUri) {
        TokenEndpoint.Answer reply = TokenEndpoint.post(producer, json, apiUrl + "/oauth/v1/token", Map.of("grant_type", "authorization_code", "client_id", clientId, "client_secret", clientSecret,
                "redirect_uri", redirectUri.toString(), "code", code), "HubSpot's token endpoint");
        JsonNode answer = reply.body();
        int status = reply.status();
        if (status != 200 || answer.path("refresh_token").asText("").isEmpty()) {
            throw new Refused("HubSpot refused the code (" + status + "): " + answer.path("status").asText("") + " "
                    + answer.path("message").asText(answer.path("error_description").asText("")));
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("authentication", "oauth");
        settings.put("base-url", apiUrl);
        settings.put("client-id", clientId);
        settings.put("client-secret", clientSecret);
        settings.put("refresh-token", answer.path("refresh_token").asText());
        return settings;
    }

    private static String encode(String s) {
        return TokenEndpoint.encode(s);
    }
}
