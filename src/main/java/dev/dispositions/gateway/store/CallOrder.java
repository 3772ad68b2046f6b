package dev.dispositions.gateway.store;

/**
 * When one finished event of a call is newer than another, in SQL over two aliases of {@code call_event}: {@code n}
 * (the candidate newer one) and {@code e}. Vendor times order events; a vendor time is never compared with a receipt
 * time (one that stood in for a missing, unreadable or untrusted vendor time), since the dialer's clock and the
 * gateway's differ by the delivery delay: such pairs are ordered by arrival. Used by the store (is a new event
 * already older?), the dispatcher (has the call a newer event?) and the event view (superseded by?).
 */
final class CallOrder {
    static final String SAME_CALL = "n.tenant = e.tenant and n.dialer = e.dialer and n.call_id = e.call_id "
            + "and n.call_state = 'COMPLETED' and n.id <> e.id";

    static final String NEWER = "((n.occurred_at_source = 'vendor' and e.occurred_at_source = 'vendor' "
            + "and (n.occurred_at > e.occurred_at or (n.occurred_at = e.occurred_at and n.received_at > e.received_at))) "
            + "or ((n.occurred_at_source <> 'vendor' or e.occurred_at_source <> 'vendor') and n.received_at > e.received_at))";

    /** The id of a finished event of the same call newer than event {@code ?}, the newest received first. */
    static final String A_NEWER_EVENT = "select n.id from call_event e join call_event n on " + SAME_CALL + " and " + NEWER
            + " where e.id = ? order by n.received_at desc, n.id desc fetch first 1 rows only";

    /**
     * For each of the finished events {@code :ids}, the finished events of its call newer than it: pairs (event, newer
     * one), the newest received last.
     */
    static final String NEWER_EVENTS_OF = "select e.id, n.id from call_event e join call_event n on " + SAME_CALL + " and " + NEWER
            + " where e.id in (:ids) order by n.received_at, n.id";

    private CallOrder() {
    }
}
