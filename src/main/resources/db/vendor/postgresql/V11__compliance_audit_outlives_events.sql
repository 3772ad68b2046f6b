-- The compliance audit is kept for ever, the events it is about are not (retention): it no longer references
-- call_event. Dropping the constraint (PostgreSQL's own name for it) keeps every row, also those that replicas of
-- the previous version write while this migrates.
alter table compliance_audit drop constraint if exists compliance_audit_event_id_fkey;
