package dev.dispositions.gateway.api;

import dev.dispositions.gateway.access.Allowed;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.access.Role;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.store.OutcomeReports;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.GetMapping;
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
    private final TenantDirectory tenants;
    private final Clock clock;

    public ReportController(OutcomeReports reports, TenantDirectory tenants, Clock clock) {
        this.reports = reports;
        this.tenants = tenants;
        this.clock = clock;
    }

    /**
     * @param from    the first day, included (UTC days)
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
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate last = day("to", to, today);
        LocalDate first = day("from", from, last.minusDays(29));
        if (first.isAfter(last)) {
            throw new ApiProblem(400, "invalid_parameter", "from", "from (" + first + ") is after to (" + last + ")");
        }
        if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            throw new ApiProblem(400, "invalid_parameter", "from", "a report covers at most " + MAX_DAYS + " days, as long as its sums are kept");
        }
        return new OutcomeReport(scoped, first, last, by, "UTC", reports.grouped(scoped, first, last, by), reports.total(scoped, first, last));
    }

    private static LocalDate day(String field, String given, LocalDate otherwise) {
        if (given == null || given.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(given);
        } catch (DateTimeParseException e) {
            throw new ApiProblem(400, "invalid_parameter", field, field + " is a day, yyyy-MM-dd, not '" + FilterParams.cut(given) + "'");
        }
    }
}
