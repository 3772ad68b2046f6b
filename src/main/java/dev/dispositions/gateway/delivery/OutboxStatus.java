package dev.dispositions.gateway.delivery;

import java.util.EnumSet;
import java.util.Set;

/** Where one delivery (an outbox row) is; stored by name. */
public enum OutboxStatus {
    /** Due, never tried. */
    PENDING,
    /** Claimed by a dispatcher, until its lease ends. */
    IN_FLIGHT,
    /** Tried, due again later. */
    RETRYING,
    /** Held while its connector's credentials are refused. */
    PARKED,
    /** The one parked row a connector that needs re-authorising tries again. */
    PROBE,
    DELIVERED,
    /** Nothing to write by design. */
    SKIPPED,
    /** A dead letter. */
    FAILED,
    /** A dead letter support closed for good. */
    DISCARDED;

    /** Statuses a delivery does not leave by itself. */
    public static final Set<OutboxStatus> FINAL = EnumSet.of(DELIVERED, SKIPPED, FAILED, DISCARDED);
}
