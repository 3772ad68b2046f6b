package dev.dispositions.gateway.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.config.Destination;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.CrmRegistry;
import dev.dispositions.gateway.crm.CrmRequests;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.store.AlertRecords;
import dev.dispositions.gateway.store.AlertRecords.Sent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends the alerts due: an e-mail through the operator's SMTP server ({@code spring.mail.*}), or a signed POST to a
 * webhook destination (through its connector's transport, as its deliveries go: the same signature, guard and
 * timeouts). A failed send is tried again with a growing wait, up to {@value #ATTEMPTS} times.
 */
@Component
class AlertSender {
    static final int ATTEMPTS = 8;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AlertSender.class);

    private final AlertRecords records;
    private final ObjectProvider<JavaMailSender> mail;
    private final TenantDirectory tenants;
    private final CrmRegistry connectors;
    private final CrmRequests requests;
    private final ObjectMapper json;
    private final Clock clock;
    private final String from;

    AlertSender(AlertRecords records, ObjectProvider<JavaMailSender> mail, TenantDirectory tenants, CrmRegistry connectors, CrmRequests requests,
                ObjectMapper json, Clock clock, @Value("${gateway.alerts.from:gateway@localhost}") String from) {
        this.records = records;
        this.mail = mail;
        this.tenants = tenants;
        this.connectors = connectors;
        this.requests = requests;
        this.json = json;
        this.clock = clock;
        this.from = from;
    }

    @Scheduled(fixedDelayString = "${gateway.alerts.send-every:2s}")
    void sendDue() {
        Instant now = clock.instant();
        // A few a run, each bounded by the mail and HTTP timeouts, well inside the claim.
        List<Sent> due = records.claimDue(5, now, 120);
        for (Sent s : due) {
            String error;
            try {
                error = "email".equals(s.channel()) ? email(s) : post(s);
            } catch (RuntimeException e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (error == null) {
                records.sent(s.id(), clock.instant());
            } else {
                boolean last = s.attempts() + 1 >= ATTEMPTS;
                records.failed(s.id(), error, last ? null : clock.instant().plus(Duration.ofSeconds(5L << Math.min(s.attempts(), 10))));
                // An SMTP refusal often quotes the address: it stays out of the log.
                log.warn("alert {} to {} {} not sent{}: {}", s.kind(), s.channel(), s.channel().equals("email") ? "(address kept out of the log)"
                        : s.target(), last ? " (given up)" : "", s.channel().equals("email") ? error.replace(s.target(), "<the address>") : error);
            }
        }
    }

    /** Null when sent; else why not. */
    private String email(Sent s) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            return "no SMTP server is configured (spring.mail.host)";
        }
        SimpleMailMessage m = new SimpleMailMessage();
        m.setFrom(from);
        m.setTo(s.target());
        m.setSubject("[call-disposition gateway] " + s.title());
        m.setText(s.body() + "\n\n-- \nAlert " + s.kind() + " for tenant " + s.tenant() + ", raised " + s.raisedAt()
                + ". Change what you receive: GET /api/tenants/" + s.tenant() + "/alerts");
        sender.send(m);
        return null;
    }

    private String post(Sent s) {
        var destination = tenants.destinationById(s.tenant(), s.target()).filter(Destination::enabled);
        if (destination.isEmpty()) {
            return "destination " + s.target() + " is not there (deleted) or not enabled";
        }
        String connector = destination.get().connectorId();
        var body = json.createObjectNode().put("type", "alert." + s.kind()).put("tenant", s.tenant()).put("subject", s.subject())
                .put("title", s.title()).put("text", s.body()).put("raisedAt", s.raisedAt().toInstant().toString());
        CrmCall call = CrmCall.write("alert " + s.kind(), "POST", connector, body.toString(), List.of(new CrmCall.Part("msg_alert_" + s.id(), List.of())));
        HttpReply reply = requests.send(s.tenant(), connectors.find(connector).orElseThrow().transport(), call);
        return reply.isSuccess() ? null : reply.answered() ? "HTTP " + reply.status() : reply.failure();
    }
}
