-- Deliveries of one call are serialised per CRM, and a newer event of a call supersedes an older one:
-- the outbox row carries the call it belongs to.
alter table outbox add column call_key varchar(340);
update outbox set call_key = (select e.tenant || '/' || e.dialer || '/' || e.call_id from call_event e where e.id = outbox.event_id);
create index ix_outbox_call on outbox (call_key, crm, status);
create index ix_call_event_terminal on call_event (tenant, dialer, call_id, call_state, occurred_at);
