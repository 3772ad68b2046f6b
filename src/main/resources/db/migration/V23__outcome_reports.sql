-- Outcome reports (README: Reports). report_call holds each finished call's counted event (the call's latest, by the
-- rule deliveries use) and what it adds; report_day the sums per tenant, day (in the tenant's report time zone,
-- report_setting, UTC without one), dialer, agent, campaign and list, which a report reads.
-- An empty string stands for "none" in report_day's key.
-- report_pending lists the finished events the report job has not read yet (written with each event, deleted once
-- read); the events stored before this migration are listed too (the reports' backfill).
create table report_pending (
    event_id    varchar(36)  primary key,
    tenant      varchar(64)  not null,
    dialer      varchar(64)  not null,
    call_id     varchar(200) not null,
    received_at timestamp with time zone not null
);
create index ix_report_pending_received on report_pending (received_at);
insert into report_pending (event_id, tenant, dialer, call_id, received_at)
    select id, tenant, dialer, call_id, received_at from call_event where call_state = 'COMPLETED';

create table report_call (
    tenant           varchar(64)  not null,
    dialer           varchar(64)  not null,
    call_id          varchar(200) not null,
    event_id         varchar(36)  not null,
    occurred_at      timestamp with time zone not null,
    call_day         date         not null,
    agent            varchar(255) not null,
    campaign         varchar(255) not null,
    list_name        varchar(255) not null,
    outcome          varchar(40),
    connected        boolean      not null,
    labelled         boolean      not null,
    mapped           boolean      not null,
    inferred_opt_out boolean      not null,
    constraint pk_report_call primary key (tenant, dialer, call_id)
);
create index ix_report_call_day on report_call (call_day);

create table report_day (
    tenant            varchar(64)  not null,
    call_day          date         not null,
    dialer            varchar(64)  not null,
    agent             varchar(255) not null,
    campaign          varchar(255) not null,
    list_name         varchar(255) not null,
    calls             integer      not null,
    connects          integer      not null,
    meetings          integer      not null,
    callbacks         integer      not null,
    follow_ups        integer      not null,
    opt_outs          integer      not null,
    inferred_opt_outs integer      not null,
    labelled          integer      not null,
    mapped            integer      not null,
    constraint pk_report_day primary key (tenant, call_day, dialer, agent, campaign, list_name)
);

create table report_setting (
    tenant     varchar(64) primary key,
    time_zone  varchar(64) not null,
    updated_at timestamp with time zone not null
);
