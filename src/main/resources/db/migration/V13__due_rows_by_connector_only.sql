-- Due rows are found per connector (ix_outbox_due_by_connector), and the minute's sweep for connectors no longer
-- configured skips through that index from one connector to the next: (status, next_attempt_at) is not needed, and
-- each claim and settlement rewrote it.
drop index ix_outbox_due;
