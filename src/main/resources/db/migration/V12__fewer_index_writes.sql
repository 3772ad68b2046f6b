-- A row's status changes twice on its way (claimed, settled); every index holding the status is rewritten each time.
-- The call index is looked up by call and CRM only (a call has a few rows per CRM), so it need not hold the status.
drop index ix_outbox_call;
create index ix_outbox_call_crm on outbox (call_key, crm);
