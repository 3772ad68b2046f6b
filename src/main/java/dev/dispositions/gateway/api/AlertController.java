package dev.dispositions.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.dispositions.gateway.access.AdminAudit;
import dev.dispositions.gateway.access.Allowed;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.access.Role;
import dev.dispositions.gateway.alert.Alerts;
import dev.dispositions.gateway.config.Destination;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.store.AlertRecords;
import dev.dispositions.gateway.store.AlertRecords.Subscription;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's alerts: who is told (an e-mail address through the operator's SMTP server, or one of the tenant's
 * webhook destinations) of what (dead letters, a connector needing re-authorizing, one held or failing for longer
 * than N minutes, a destination disabled, a daily digest), and what was sent lately.
 */
@RestController
public class AlertController {
    private final AlertRecords records;
    private final TenantDirectory tenants;
    private final AdminAudit audit;
    private final Clock clock;
    private final String smtpHost;

    public AlertController(AlertRecords records, TenantDirectory tenants, AdminAudit audit, Clock clock,
                           @Value("${spring.mail.host:}") String smtpHost) {
        this.records = records;
        this.tenants = tenants;
        this.audit = audit;
        this.clock = clock;
        this.smtpHost = smtpHost;
    }

    /**
     * One of {@code email} and {@code destination}.
     *
     * @param kinds            of {@value #KINDS_TEXT}
     * @param heldAfterMinutes a {@code held} alert once a connector has been held or failing this long (default 30)
     */
    public record NewSubscription(String email, String destination, List<String> kinds, Integer heldAfterMinutes) {
    }

    static final String KINDS_TEXT = "dead-letter, reauth, held, destination-disabled, digest";

    /** @param recent the last alerts and where each went, newest first */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TenantAlerts(String tenant, List<String> kinds, List<Subscription> subscriptions, List<AlertRecords.Sent> recent) {
    }

    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "List a tenant's alert subscriptions and the alerts sent lately")
    @GetMapping("/api/tenants/{tenant}/alerts")
    public TenantAlerts list(@PathVariable String tenant, HttpServletRequest request) {
        String t = tenant(tenant, request);
        return new TenantAlerts(t, Alerts.KINDS, records.subscriptions(t), records.recent(t, 50));
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Subscribe an e-mail address or a webhook destination to a tenant's alerts")
    @PostMapping("/api/tenants/{tenant}/alerts")
    @ResponseStatus(HttpStatus.CREATED)
    public Subscription subscribe(@PathVariable String tenant, @RequestBody(required = false) NewSubscription body, HttpServletRequest request) {
        String t = tenant(tenant, request);
        NewSubscription s = body == null ? new NewSubscription(null, null, null, null) : body;
        if ((s.email() == null) == (s.destination() == null)) {
            throw new ApiProblem(400, "invalid_body", "email", "name one of email (an address) or destination (one of the tenant's destinations)");
        }
        if (s.kinds() == null || s.kinds().isEmpty() || !Alerts.KINDS.containsAll(s.kinds())) {
            throw new ApiProblem(400, "invalid_body", "kinds", "kinds is a list of " + KINDS_TEXT);
        }
        int minutes = s.heldAfterMinutes() == null ? 30 : s.heldAfterMinutes();
        if (minutes < 1 || minutes > 10_080) {
            throw new ApiProblem(400, "invalid_body", "heldAfterMinutes", "heldAfterMinutes must be 1 to 10080 (a week)");
        }
        String channel = s.email() != null ? "email" : "destination";
        String target = s.email() != null ? address(s.email()) : destination(t, s.destination());
        Caller caller = Caller.of(request);
        Subscription made = new Subscription(UUID.randomUUID().toString(), t, channel, target, s.kinds().stream().distinct().toList(), minutes,
                clock.instant().atOffset(java.time.ZoneOffset.UTC), caller.name());
        records.subscribe(made);
        audit.record(caller, "alert.subscribe", t, made.id(), channel + " " + ("email".equals(channel) ? "(address not logged)" : target)
                + " for " + made.kinds());
        return made;
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "End an alert subscription")
    @DeleteMapping("/api/tenants/{tenant}/alerts/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void unsubscribe(@PathVariable String tenant, @PathVariable String id, HttpServletRequest request) {
        String t = tenant(tenant, request);
        if (!records.unsubscribe(t, id)) {
            throw new ApiProblem(404, "unknown_subscription", "no alert subscription '" + (id.length() > 40 ? id.substring(0, 40) : id) + "'");
        }
        audit.record(Caller.of(request), "alert.unsubscribe", t, id, null);
    }

    private String address(String email) {
        if (smtpHost == null || smtpHost.isBlank()) {
            throw new ApiProblem(409, "smtp_not_configured", "email", "this gateway has no SMTP server (spring.mail.host): ask its operator, "
                    + "or send alerts to a webhook destination");
        }
        try {
            jakarta.mail.internet.InternetAddress a = new jakarta.mail.internet.InternetAddress(email, true);
            a.validate();
            if (a.getAddress().length() > 320) {
                throw new jakarta.mail.internet.AddressException("too long");
            }
            return a.getAddress();
        } catch (jakarta.mail.internet.AddressException e) {
            throw new ApiProblem(400, "invalid_body", "email", "not an e-mail address (one address, like support@example.com)");
        }
    }

    private String destination(String tenant, String id) {
        var d = tenants.destinationById(tenant, id).orElseThrow(() -> new ApiProblem(400, "invalid_body", "destination",
                "the tenant has no destination '" + (id.length() > 60 ? id.substring(0, 60) : id) + "'"));
        if (!Destination.WEBHOOK.equals(d.type())) {
            throw new ApiProblem(409, "not_a_webhook", "destination", "alerts go to webhook destinations; a Kafka topic hears of dead "
                    + "letters through its delivery-failures kind");
        }
        return d.id();
    }

    private String tenant(String tenant, HttpServletRequest request) {
        String t = Scopes.tenant(Caller.of(request), tenant);
        if (!tenants.exists(t)) {
            throw Scopes.unknownTenant(t);
        }
        return t;
    }
}
