-- Issue 13: claims name their instance, a successful attempt is a short summary, data is deleted after its retention
-- (the compliance audit, which outlives the events, is freed of its reference to them in db/vendor/*/V11).

-- The instance holding an in-flight claim: restarted under the same name, it takes its claims back at once.
alter table outbox add column claimed_by varchar(200);

-- How long an attempt took, from its claim to its settlement (a successful attempt keeps no bodies).
alter table delivery_attempt add column duration_ms bigint;

-- A connector's due rows of one status and kind in due order: a claim reads the first of them, whatever the backlog. It
-- starts with what ix_outbox_connector held, which goes; so does ix_call_event_call, the start of ix_call_event_terminal:
-- every index is written at every insert.
create index ix_outbox_due_by_connector on outbox (tenant, crm, status, action, next_attempt_at, id);
drop index ix_outbox_connector;
drop index ix_call_event_call;

-- What the retention job and the ingest's duplicate check look up by.
create index ix_call_event_request on call_event (request_id);
create index ix_call_phone_event on call_phone (event_id);
