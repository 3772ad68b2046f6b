package dev.dispositions.gateway.api;

import dev.dispositions.gateway.access.AdminAudit;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.access.Role;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.crm.CrmRegistry;
import dev.dispositions.gateway.crm.InstallCheck;
import dev.dispositions.gateway.crm.OAuthConnect;
import dev.dispositions.gateway.store.CrmConnectionRecords;
import dev.dispositions.gateway.store.OAuthStateRecords;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * Where the CRM sends the admin's browser back after consent ({@code /oauth/callback/{crm}}, outside {@code /api}:
 * the single-use state authenticates it). Exchanges the code, stores the refresh token sealed in the tenant's
 * connection, runs the install check at once and shows its result. Never a 500 page, never a token or code on it.
 */
@Hidden // a page for a browser, not an API operation
@RestController
public class OAuthCallbackController {
    private static final Logger log = LoggerFactory.getLogger(OAuthCallbackController.class);
    /** A connection's credentials, replaced whole by the ones the flow obtained; its other settings stay. */
    private static final Set<String> CREDENTIALS = Set.of("authentication", "client-id", "client-secret", "refresh-token", "access-token",
            "username", "password", "keystore", "keystore-password", "login-url", "instance-url");

    private final OAuthConnectController connect;
    private final OAuthStateRecords states;
    private final CrmConnectionRecords connections;
    private final CrmRegistry crms;
    private final TenantDirectory directory;
    private final InstallChecks installChecks;
    private final AdminAudit audit;
    private final Clock clock;

    public OAuthCallbackController(OAuthConnectController connect, OAuthStateRecords states, CrmConnectionRecords connections, CrmRegistry crms,
                                   TenantDirectory directory, InstallChecks installChecks, AdminAudit audit, Clock clock) {
        this.connect = connect;
        this.states = states;
        this.connections = connections;
        this.crms = crms;
        this.directory = directory;
        this.installChecks = installChecks;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping(OAuthConnectController.CALLBACK_PATH + "{crm}")
    public ResponseEntity<String> callback(@PathVariable String crm, @RequestParam(required = false) String code,
                                           @RequestParam(required = false) String state, @RequestParam(required = false) String error,
                                           @RequestParam(name = "error_description", required = false) String errorDescription,
                                           jakarta.servlet.http.HttpServletRequest request) {
        var flow = connect.find(crm);
        if (flow.isEmpty() || state == null || state.isBlank() || state.length() > 200) {
            return page(400, "This sign-in link is not one of ours", "Start again from the console: Tenants, the CRM, Connect.", null);
        }
        String binding = null;
        for (jakarta.servlet.http.Cookie c : request.getCookies() == null ? new jakarta.servlet.http.Cookie[0] : request.getCookies()) {
            if (c.getName().equals(OAuthConnectController.cookie(crm))) {
                binding = c.getValue();
            }
        }
        OAuthStateRecords.Taken taken = states.take(state, binding, crm, clock.instant());
        if (taken instanceof OAuthStateRecords.Taken.OtherBrowser) {
            return page(400, "This sign-in was started in another browser", "A Connect completes only in the browser where it was "
                    + "started: click Connect in the console of the browser you log in with.", null);
        }
        if (!(taken instanceof OAuthStateRecords.Taken.Found found)) {
            return page(400, "This sign-in link was used already or has expired", "Each Connect works once, for a few minutes: "
                    + "start again from the console.", null);
        }
        OAuthStateRecords.Started s = found.started();
        try {
            connect.requireWritable(s.tenant());
        } catch (ApiProblem gone) {
            return page(409, "Nothing was connected", gone.getMessage(), null);
        }
        if (flow.get().pkce() && s.verifier() == null) {
            return page(400, "This sign-in cannot be completed", "Its proof key cannot be read with the gateway's current token key: "
                    + "start again from the console.", null);
        }
        Caller by = new Caller(s.actorKeyId(), s.actor(), Role.parse(s.actorRole()).orElse(Role.TENANT_ADMIN), null);
        String name = crm.substring(0, 1).toUpperCase() + crm.substring(1);
        if (error != null || code == null || code.isBlank()) {
            String said = error == null ? "no code" : error + (errorDescription == null ? "" : ": " + errorDescription);
            audit.record(by, "crm.connect", s.tenant(), s.tenant() + "/" + crm, "refused by " + crm + ": " + limit(said));
            return page(400, name + " did not connect", name + " answered " + limit(said) + ". Nothing changed; start again when ready.", null);
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        try {
            Map<String, Object> obtained = flow.get().exchange(s.login(), code, s.verifier(), connect.redirectUri(crm));
            connections.settings(s.tenant(), crm).orElse(Map.of()).forEach((k, v) -> {
                if (!CREDENTIALS.contains(k)) {
                    settings.put(k, v);
                }
            });
            settings.putAll(obtained);
            var validated = crms.find(crm).orElseThrow().validateSettings(crm, settings);
            connections.put(s.tenant(), crm, true, validated, clock.instant());
        } catch (OAuthConnect.Refused refused) {
            audit.record(by, "crm.connect", s.tenant(), s.tenant() + "/" + crm, "failed: " + limit(refused.getMessage()));
            return page(502, name + " did not connect", refused.getMessage() + ". Nothing changed.", null);
        } catch (RuntimeException notStored) {
            log.warn("connecting {} of tenant {} failed after the code exchange: {}", crm, s.tenant(), notStored.toString());
            audit.record(by, "crm.connect", s.tenant(), s.tenant() + "/" + crm, "failed: the connection could not be stored");
            return page(503, name + " did not connect", "The gateway could not store the connection (" + notStored.getClass().getSimpleName()
                    + "). Nothing changed; try again.", null);
        }
        directory.refresh();
        InstallChecks.Report check;
        try {
            check = installChecks.run(s.tenant(), crm, null);
        } catch (RuntimeException e) {
            check = new InstallChecks.Report(s.tenant(), crm, false, java.util.List.of(new InstallCheck.Finding("install check", false,
                    "could not run (" + e.getClass().getSimpleName() + "): run it again from the console")));
        }
        log.info("tenant {} connected {} with OAuth (by {}); install check {}", s.tenant(), crm, s.actor(), check.ok() ? "passed" : "failed");
        audit.record(by, "crm.connect", s.tenant(), s.tenant() + "/" + crm, "connected with OAuth; install check "
                + (check.ok() ? "passed" : "failed: " + check.checks().stream().filter(f -> !f.ok()).count() + " findings"));
        return page(200, name + " is connected for " + s.tenant(), check.ok() ? "The install check passed: calls are delivered from now on."
                : "The install check found what to fix before calls land:", check);
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text == null ? "" : text);
    }

    private static String limit(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static ResponseEntity<String> page(int status, String title, String message, InstallChecks.Report check) {
        StringBuilder html = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(HtmlUtils.htmlEscape(title)).append("</title><link rel=\"stylesheet\" href=\"/console/console.css\"></head><body>")
                .append("<main class=\"connect-result\"><h1 data-status=\"").append(status).append("\">").append(HtmlUtils.htmlEscape(title))
                .append("</h1><p>").append(HtmlUtils.htmlEscape(message)).append("</p>");
        if (check != null) {
            html.append("<ul class=\"checks\">");
            for (InstallCheck.Finding f : check.checks()) {
                html.append("<li class=\"").append(f.ok() ? "ok" : "fail").append("\">").append(f.ok() ? "ok " : "FAIL ")
                        .append(escape(f.check())).append(": ").append(escape(f.detail())).append("</li>");
            }
            html.append("</ul>");
        }
        html.append("<p><a href=\"/console/#/tenants\">Back to the console</a></p></main></body></html>");
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Referrer-Policy", "no-referrer").header("Content-Security-Policy", "default-src 'none'; style-src 'self'; "
                        + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
                .body(html.toString());
    }
}
