-- Whether occurred_at is the vendor's time or, when that was missing, unreadable or untrusted, the receipt time.
-- Two clocks are never compared with each other: such events of one call are ordered by arrival (CallOrder).
alter table call_event add column occurred_at_source varchar(16) default 'vendor' not null;
update call_event set occurred_at_source = 'receipt' where canonical like '%"occurredAtSource":"receipt"%';
