package dev.dispositions.gateway.api;

import dev.dispositions.gateway.access.Allowed;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.access.Role;
import dev.dispositions.gateway.config.GatewayProperties;
import dev.dispositions.gateway.crm.OAuthConnect;
import dev.dispositions.gateway.store.OAuthStateRecords;
import dev.dispositions.gateway.store.SecretBox;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * "Connect Salesforce/HubSpot" for a run-time tenant: answers the CRM's authorize URL with a single-use state (and a
 * PKCE challenge where the CRM takes one); the CRM sends the admin back to {@link OAuthCallbackController}.
 */
@RestController
public class OAuthConnectController {
    static final String CALLBACK_PATH = "/oauth/callback/";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, OAuthConnect> flows;
    private final TenantController tenants;
    private final OAuthStateRecords states;
    private final SecretBox box;
    private final Clock clock;
    private final Duration stateTtl;
    private final URI callbackBase;

    public OAuthConnectController(List<OAuthConnect> flows, TenantController tenants, OAuthStateRecords states, SecretBox box, Clock clock,
                                  GatewayProperties properties, @Value("${gateway.oauth.state-ttl:10m}") Duration stateTtl,
                                  @Value("${gateway.oauth.callback-base-url:}") String callbackBase) {
        this.flows = flows.stream().collect(Collectors.toMap(OAuthConnect::crm, Function.identity()));
        this.tenants = tenants;
        this.states = states;
        this.box = box;
        this.clock = clock;
        this.stateTtl = stateTtl;
        this.callbackBase = !callbackBase.isBlank() ? URI.create(callbackBase) : properties.publicBaseUrl();
    }

    /** @param login where the org's users log in (Salesforce: production, sandbox or the My Domain name); absent: production */
    public record Connect(String login) {
    }

    /**
     * @param authorizeUrl open it in the browser that made this call (it holds the cookie the callback asks for); the
     *                     state in it works once, until {@code expiresAt}
     */
    public record Authorization(String tenant, String crm, String authorizeUrl, String redirectUri, Instant expiresAt, boolean pkce) {
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Start connecting a run-time tenant's CRM with OAuth: the authorize URL to open in the admin's browser")
    @PostMapping("/api/tenants/{tenant}/crms/{crm}/connect")
    public Authorization connect(@PathVariable String tenant, @PathVariable String crm, @RequestBody(required = false) Connect body,
                                 HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response) {
        tenants.writable(tenant, true);
        OAuthConnect flow = flow(crm);
        if (!flow.missingSettings().isEmpty() || callbackBase == null) {
            List<String> missing = new java.util.ArrayList<>(flow.missingSettings());
            if (callbackBase == null) {
                missing.add("gateway.oauth.callback-base-url (or gateway.public-base-url)");
            }
            throw new ApiProblem(409, "oauth_not_configured", "an operator sets " + String.join(", ", missing)
                    + " (the connected app's credentials and the public URL the CRM redirects to) before tenants can connect " + crm);
        }
        if (!box.enabled()) {
            throw TenantController.tokenKeyMissing(null, "a CRM's refresh token");
        }
        String login;
        try {
            login = flow.login(body == null ? null : body.login());
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(400, "invalid_body", "login", e.getMessage());
        }
        String state = random(32);
        String binding = random(32);
        String verifier = flow.pkce() ? random(48) : null;
        Instant now = clock.instant();
        Caller caller = Caller.of(request);
        // The browser that starts the flow gets this cookie; the callback completes only with it (a link sent to someone
        // else does not connect their org to this tenant).
        response.addHeader(org.springframework.http.HttpHeaders.SET_COOKIE, org.springframework.http.ResponseCookie.from(cookie(crm), binding)
                .httpOnly(true).sameSite("Lax").path(CALLBACK_PATH + crm).maxAge(stateTtl)
                .secure("https".equalsIgnoreCase(callbackBase.getScheme())).build().toString());
        states.start(state, binding, new OAuthStateRecords.Started(tenant, crm, login, verifier, caller.name(), caller.keyId(), caller.role().written()),
                now, now.plus(stateTtl));
        URI redirect = redirectUri(crm);
        return new Authorization(tenant, crm, flow.authorizeUrl(login, state, redirect, verifier == null ? null : challenge(verifier)).toString(),
                redirect.toString(), now.plus(stateTtl), flow.pkce());
    }

    /** The tenant is still one the API may change (it may have been deleted, or declared in the configuration, since). */
    void requireWritable(String tenant) {
        tenants.writable(tenant, true);
    }

    static String cookie(String crm) {
        return "oauth_binding_" + crm;
    }

    URI redirectUri(String crm) {
        String base = callbackBase.toString().replaceFirst("/+$", "");
        return URI.create(base + CALLBACK_PATH + crm);
    }

    Optional<OAuthConnect> find(String crm) {
        return Optional.ofNullable(flows.get(crm));
    }

    private OAuthConnect flow(String crm) {
        return find(crm).orElseThrow(() -> new ApiProblem(404, "oauth_not_supported", "crm", "'" + crm + "' has no OAuth connect; "
                + "connect it with PUT /api/tenants/{tenant}/crms/" + crm + " (OAuth: " + flows.keySet() + ")"));
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** RFC 7636 S256: base64url(SHA-256(verifier)). */
    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
