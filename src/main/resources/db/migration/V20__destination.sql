-- A tenant's webhook destinations: where outcomes are POSTed (signed with Standard Webhooks), which ones (a filter
-- as JSON), and the signing secrets sealed with gateway.token-key: the current one and, during a rotation, the one it
-- replaced until previous_until. failing_since: when its deliveries started failing with none landing since (an
-- endpoint failing for gateway.destinations.disable-after is paused, its events kept). Keyed by tenant id: tenants
-- from the configuration have destinations too.
create table destination (
    tenant          varchar(64)   not null,
    id              varchar(40)   not null,
    url             varchar(2000) not null,
    filter_json     varchar(4000) not null,
    secret_sealed   varchar(400)  not null,
    fingerprint     varchar(20)   not null,
    previous_sealed varchar(400),
    previous_until  timestamp with time zone,
    enabled         boolean       not null,
    rate_per_second integer,
    failing_since   timestamp with time zone,
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    constraint pk_destination primary key (tenant, id)
);
