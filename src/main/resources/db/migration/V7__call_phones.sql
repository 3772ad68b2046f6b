-- The numbers of each call (from, to, the prospect's; E.164), so support finds events by phone with an index.
create table call_phone (
    event_id varchar(36) not null references call_event (id),
    phone    varchar(32) not null,
    constraint pk_call_phone primary key (phone, event_id)
);
