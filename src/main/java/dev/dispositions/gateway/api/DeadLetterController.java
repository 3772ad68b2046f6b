package dev.dispositions.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import dev.dispositions.gateway.access.AdminAudit;
import dev.dispositions.gateway.access.Allowed;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.access.Role;
import dev.dispositions.gateway.delivery.OutboxStatus;
import jakarta.servlet.http.HttpServletRequest;
import dev.dispositions.gateway.store.DeadLetters;
import dev.dispositions.gateway.store.DeadLetters.DeadLetter;
import dev.dispositions.gateway.store.DeliveryFilter;
import dev.dispositions.gateway.store.EventQueries;
import java.time.Clock;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dead-letter store for support: list and filter, read one with every attempt, replay one, replay many by
 * filter (with a dry run that says how many and which), discard with a reason. A tenant key reaches its tenant's.
 */
@RestController
public class DeadLetterController {
    /** How many of the selected rows a bulk answer lists. */
    static final int LISTED = 100;

    private final DeadLetters deadLetters;
    private final EventQueries events;
    private final Clock clock;
    private final AdminAudit audit;
    private final FailureViews views;

    public DeadLetterController(DeadLetters deadLetters, EventQueries events, Clock clock, AdminAudit audit, FailureViews views) {
        this.audit = audit;
        this.views = views;
        this.deadLetters = deadLetters;
        this.events = events;
        this.clock = clock;
    }

    /** Why support replays or discards: kept on the event's timeline. */
    public record Why(String reason) {
    }

    /**
     * A bulk replay.
     *
     * @param dryRun true: only say how many and which would be replayed
     * @param limit  at most this many rows (default and maximum {@value DeadLetters#MAX_BULK}), oldest first
     */
    public record BulkReplay(FilterParams.Filter filter, Boolean dryRun, Integer limit, String reason) {
    }

    /** @param total how many match the filter */
    public record DeadLetterPage(long total, int limit, int offset, List<DeadLetter> deadLetters) {
    }

    public record ReplayedOne(List<Long> replayed, String eventId) {
    }

    public record Discarded(long discarded, String eventId) {
    }

    /**
     * @param attempts what was sent and what the CRM answered, attempt by attempt; absent once the event is past retention
     * @param links    where support opens the delivery's record ({@code record}) and the person ({@code person}) in the
     *                 tenant's CRM, when the connection knows its address
     * @param edits    what support changed on the event, with who and why
     * @param fix      what support may set on the event ({@code POST /api/dead-letters/{id}/fix})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeadLetterDetail(DeadLetter deadLetter, EventQueries.EventView event, List<EventQueries.AttemptView> attempts,
                                   java.util.Map<String, String> links, List<dev.dispositions.gateway.store.EventEdits.EditView> edits,
                                   FailureViews.FixOptions fix) {
    }

    /**
     * @param matched     how many match the filter
     * @param selected    how many of them this call takes (at most the limit)
     * @param wouldReplay a dry run: the first {@value #LISTED} selected
     * @param ids         a replay: the first {@value #LISTED} replayed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BulkReplayed(boolean dryRun, long matched, int selected, List<DeadLetter> wouldReplay, Integer replayed, List<Long> ids) {
    }

    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "List dead letters, newest first, with the same filters as events")
    @GetMapping("/api/dead-letters")
    public DeadLetterPage list(@org.springdoc.core.annotations.ParameterObject FilterParams.Filter filter, @RequestParam(required = false) Integer limit,
                                    @RequestParam(required = false) Integer offset, HttpServletRequest request) {
        DeliveryFilter f = Scopes.narrowed(Caller.of(request), deadLetterFilter(FilterParams.parse(filter)));
        int size = FilterParams.limit(limit, FilterParams.MAX_PAGE);
        int from = FilterParams.offset(offset);
        return new DeadLetterPage(deadLetters.count(f), size, from, deadLetters.list(f, size, from).stream().map(views::withHint).toList());
    }

    /** One dead letter with its event: the raw canonical disposition, what was sent and what the CRM answered, attempt by attempt. */
    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "Read one dead letter with its event and every attempt")
    @GetMapping("/api/dead-letters/{id}")
    public DeadLetterDetail one(@PathVariable long id, HttpServletRequest request) {
        DeadLetter d = views.withHint(find(id, Caller.of(request)));
        var event = events.find(d.eventId());
        var delivery = event.flatMap(e -> e.deliveries().stream().filter(x -> x.id() == id).findFirst());
        return new DeadLetterDetail(d, event.orElse(null), delivery.map(x -> x.attemptHistory()).orElse(null),
                views.links(d.tenant(), d.crm(), d.action(), delivery.map(x -> x.crmRecordId()).orElse(null),
                        event.map(e -> personIds(e.canonical())).orElse(null)), event.map(e -> e.edits()).orElse(null),
                views.fixOptions(d.crm(), event.map(e -> e.outcome()).orElse(d.outcome())));
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Replay one dead letter")
    @PostMapping("/api/dead-letters/{id}/replay")
    public ReplayedOne replay(@PathVariable long id, @RequestBody(required = false) Why why, HttpServletRequest request) {
        Caller caller = Caller.of(request);
        DeadLetter d = find(id, caller);
        List<Long> replayed = deadLetters.replay(List.of(id), why == null ? null : why.reason(), caller.name(), clock.instant());
        if (replayed.isEmpty()) {
            throw new ApiProblem(409, "not_replayable", "delivery " + id + " is " + d.status() + "; only FAILED or DISCARDED ones are replayed");
        }
        audit.record(caller, "dead-letter.replay", d.tenant(), String.valueOf(id), reason(why));
        return new ReplayedOne(replayed, d.eventId());
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Replay dead letters matching a filter, after a dry run")
    @PostMapping("/api/dead-letters/replay")
    public BulkReplayed bulkReplay(@RequestBody BulkReplay request, HttpServletRequest http) {
        if (request.dryRun() == null) {
            throw new ApiProblem(400, "invalid_body", "dryRun", "say dryRun: true to see what would be replayed, or false to replay it");
        }
        Caller caller = Caller.of(http);
        DeliveryFilter f = Scopes.narrowed(caller, deadLetterFilter(FilterParams.parse(request.filter())));
        int limit = FilterParams.limit(request.limit() == null ? DeadLetters.MAX_BULK : request.limit(), DeadLetters.MAX_BULK);
        List<Long> selected = deadLetters.select(f, limit);
        long matched = deadLetters.count(f);
        if (request.dryRun()) {
            return new BulkReplayed(true, matched, selected.size(),
                    selected.stream().limit(LISTED).map(deadLetters::find).flatMap(java.util.Optional::stream).map(views::withHint).toList(), null, null);
        }
        List<Long> replayed = deadLetters.replay(selected, request.reason(), caller.name(), clock.instant());
        audit.record(caller, "dead-letter.bulk-replay", f.tenant(), replayed.size() + " deliveries", (request.reason() == null ? ""
                : "reason: " + request.reason() + "; ") + "ids " + replayed.stream().limit(LISTED).toList());
        return new BulkReplayed(false, matched, selected.size(), null, replayed.size(), replayed.stream().limit(LISTED).toList());
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Discard a dead letter for good, with a reason")
    @PostMapping("/api/dead-letters/{id}/discard")
    public Discarded discard(@PathVariable long id, @RequestBody(required = false) Why why, HttpServletRequest request) {
        if (why == null || why.reason() == null || why.reason().isBlank()) {
            throw new ApiProblem(400, "invalid_body", "reason", "say why the dead letter is discarded: {\"reason\": \"...\"}");
        }
        Caller caller = Caller.of(request);
        DeadLetter d = find(id, caller);
        if (!deadLetters.discard(id, why.reason(), caller.name(), clock.instant())) {
            throw new ApiProblem(409, "not_discardable", "delivery " + id + " is " + d.status() + "; only FAILED ones are discarded");
        }
        audit.record(caller, "dead-letter.discard", d.tenant(), String.valueOf(id), reason(why));
        return new Discarded(id, d.eventId());
    }

    /** Dead letters are FAILED rows; support may also look at (and replay) DISCARDED ones, nothing else. */
    private static DeliveryFilter deadLetterFilter(DeliveryFilter f) {
        if (f.status() != null && !f.status().equals(OutboxStatus.FAILED.name()) && !f.status().equals(OutboxStatus.DISCARDED.name())) {
            throw new ApiProblem(400, "invalid_parameter", "status", "dead letters are FAILED (the default) or DISCARDED");
        }
        return f;
    }

    static java.util.Map<String, String> personIds(com.fasterxml.jackson.databind.JsonNode canonical) {
        java.util.Map<String, String> ids = new java.util.LinkedHashMap<>();
        if (canonical != null) {
            canonical.path("prospect").path("crmIds").properties().forEach(e -> ids.put(e.getKey(), e.getValue().asText()));
        }
        return ids;
    }

    private DeadLetter find(long id, Caller caller) {
        DeadLetter d = deadLetters.find(id).orElseThrow(() -> unknown(id));
        Scopes.see(caller, d.tenant(), unknown(id));
        return d;
    }

    private static String reason(Why why) {
        return why == null || why.reason() == null ? null : "reason: " + why.reason();
    }

    private static ApiProblem unknown(long id) {
        return new ApiProblem(404, "unknown_delivery", "no delivery " + id);
    }
}
