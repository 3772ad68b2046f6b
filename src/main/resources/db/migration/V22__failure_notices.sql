-- A delivery failure told to the tenant's destinations that take the delivery-failures kind: an outbox row of the
-- failed delivery's event to the destination, action 'failed:<the failed row's id>', and what failed in note (JSON:
-- connector, action, reason, when), since the failed row itself may change afterwards (a replay).
alter table outbox add column note varchar(4000);
