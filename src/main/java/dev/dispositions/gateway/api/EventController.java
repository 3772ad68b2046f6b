package dev.dispositions.gateway.api;

import dev.dispositions.gateway.store.EventQueries;
import dev.dispositions.gateway.store.EventQueries.EventView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Where an event is: received, retrying, delivered or failed, and what each CRM answered. Needs the admin key. */
@RestController
public class EventController {
    private final EventQueries queries;

    public EventController(EventQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/events/{eventId}")
    public EventView event(@PathVariable String eventId) {
        return queries.find(eventId)
                .orElseThrow(() -> new ApiProblem(404, "unknown_event", "no event '" + eventId + "'"));
    }
}
