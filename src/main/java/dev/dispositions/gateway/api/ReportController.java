package dev.dispositions.gateway.api;

import dev.dispositions.gateway.access.Allowed;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.access.Role;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.access.AdminAudit;
import dev.dispositions.gateway.store.OutcomeReports;
import dev.dispositions.gateway.store.ReportDays;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Outcome reports: calls, connects, meetings, callbacks, follow-ups, opt-outs and outcome completion for a tenant and
 * a period, grouped by agent, campaign, list, dialer or day (README: Reports, the definitions). JSON, or CSV with
 * {@code Accept: text/csv} ({@link OutcomeReportCsv}). A tenant key sees its own tenant's only.
 */
@RestController
public class ReportController {
    /** As long as the daily sums are kept. */
    static final long MAX_DAYS = 400;

    private final OutcomeReports reports;
    private final ReportDays days;
    private final TenantDirectory tenants;
    private final AdminAudit audit;
    private final Clock clock;

    public ReportController(OutcomeReports reports, ReportDays days, TenantDirectory tenants, AdminAudit audit, Clock clock) {
        this.reports = reports;
        this.days = days;
        this.tenants = tenants;
        this.audit = audit;
        this.clock = clock;
    }

    /** @param timeZone an IANA zone such as Europe/Paris; the reports' days are this zone's */
    public record ReportSettings(String tenant, String timeZone) {
    }

    /** @param callsMoved the calls counted on their day in the new zone */
    public record ReportSettingsChanged(String tenant, String timeZone, int callsMoved) {
    }

    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "Read a tenant's report settings: the time zone its days are in")
    @GetMapping("/api/tenants/{tenant}/reports/settings")
    public ReportSettings settings(@PathVariable String tenant) {
        requireTenant(tenant);
        return new ReportSettings(tenant, days.timeZone(tenant).orElse("UTC"));
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Set the time zone a tenant's report days are in; the calls already counted move to their day in it")
    @PutMapping("/api/tenants/{tenant}/reports/settings")
    public ReportSettingsChanged changeSettings(@PathVariable String tenant, @RequestBody ReportSettings body, HttpServletRequest request) {
        requireTenant(tenant);
        if (body == null || body.timeZone() == null || body.timeZone().isBlank()) {
            throw new ApiProblem(400, "invalid_body", "timeZone", "timeZone is required: an IANA zone such as Europe/Paris, or UTC");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(body.timeZone().trim());
        } catch (java.time.DateTimeException e) {
            throw new ApiProblem(400, "invalid_body", "timeZone", "'" + FilterParams.cut(body.timeZone()) + "' is not a time zone; an IANA "
                    + "zone such as Europe/Paris or America/New_York, or UTC");
        }
        String before = days.timeZone(tenant).orElse("UTC");
        int moved = days.changeZone(tenant, zone, clock.instant());
        audit.record(Caller.of(request), "reports.time-zone", tenant, tenant, before + " -> " + zone.getId() + "; " + moved + " calls moved");
        return new ReportSettingsChanged(tenant, zone.getId(), moved);
    }

    private void requireTenant(String tenant) {
        if (!tenants.exists(tenant)) {
            throw Scopes.unknownTenant(tenant);
        }
    }

    /**
     * @param from    the first day, included (days in the tenant's report time zone)
     * @param to      the last day, included
     * @param groupBy agent, campaign, list, dialer or day
     */
    public record OutcomeReport(String tenant, LocalDate from, LocalDate to, String groupBy, String timeZone, List<OutcomeReports.Row> rows,
                                OutcomeReports.Row total) {
    }

    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "Outcome report of a tenant for a period, grouped by agent, campaign, list, dialer or day (JSON, or CSV with "
            + "Accept: text/csv)")
    @GetMapping(value = "/api/reports/outcomes", produces = {"application/json", OutcomeReportCsv.MEDIA_TYPE})
    public OutcomeReport outcomes(@RequestParam(required = false) String tenant, @RequestParam(required = false) String from,
                                  @RequestParam(required = false) String to, @RequestParam(required = false) String groupBy,
                                  HttpServletRequest request) {
        String scoped = Scopes.tenant(Caller.of(request), tenant);
        if (scoped == null) {
            throw new ApiProblem(400, "invalid_parameter", "tenant", "tenant is required: the report is of one tenant");
        }
        if (!tenants.exists(scoped)) {
            throw Scopes.unknownTenant(scoped);
        }
        String by = groupBy == null || groupBy.isBlank() ? "day" : groupBy;
        if (!OutcomeReports.GROUPS.containsKey(by)) {
            throw new ApiProblem(400, "invalid_parameter", "groupBy", "groupBy is one of " + new TreeSet<>(OutcomeReports.GROUPS.keySet())
                    + ", not '" + FilterParams.cut(by) + "'");
        }
        String zone = days.timeZone(scoped).orElse("UTC");
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of(zone));
        LocalDate last = day("to", to, today);
        LocalDate first = day("from", from, last.minusDays(29));
        if (first.isAfter(last)) {
            throw new ApiProblem(400, "invalid_parameter", "from", "from (" + first + ") is after to (" + last + ")");
        }
        if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            throw new ApiProblem(400, "invalid_parameter", "from", "a report covers at most " + MAX_DAYS + " days, as long as its sums are kept");
        }
        List<OutcomeReports.Row> rows = reports.grouped(scoped, first, last, by);
        return new OutcomeReport(scoped, first, last, by, zone, rows, OutcomeReports.total(rows));
    }

    private static LocalDate day(String field, String given, LocalDate otherwise) {
        if (given == null || given.isBlank()) {
            return otherwise;
        }
        try {
            LocalDate day = LocalDate.parse(given);
            if (day.getYear() < 2000 || day.getYear() > 2999) {
                throw new ApiProblem(400, "invalid_parameter", field, field + " is a day between 2000 and 2999, not " + day);
            }
            return day;
        } catch (DateTimeParseException e) {
            throw new ApiProblem(400, "invalid_parameter", field, field + " is a day, yyyy-MM-dd, not '" + FilterParams.cut(given) + "'");
        }
    }
}
