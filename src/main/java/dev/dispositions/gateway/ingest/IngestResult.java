package dev.dispositions.gateway.ingest;

import java.util.List;

/** What the dialer is told: accepted (202), a redelivery of something already accepted (200), or ignored (200). */
public record IngestResult(Status status, List<String> eventIds, String reason) {
    public enum Status { ACCEPTED, DUPLICATE, IGNORED }
}
