-- Issue 18: a person created in a CRM for an unknown caller (the tenant's unknown-person policy), one per (tenant,
-- CRM, E.164 number). The row is claimed before the CRM is asked, so two deliveries from one new number never
-- create two people, and it keeps the record made, so every later call from the number finds it.
create table person_creation (
    tenant      varchar(64)  not null,
    crm         varchar(64)  not null,
    phone       varchar(32)  not null,
    -- null until the CRM answered with the record (or a look-up found it)
    record_id   varchar(255),
    record_type varchar(40),
    -- who is creating it, and until when another delivery waits for them
    owner       varchar(100),
    lease_until timestamp with time zone,
    created_at  timestamp with time zone not null,
    recorded_at timestamp with time zone,
    constraint pk_person_creation primary key (tenant, crm, phone)
);
