-- Tenants and their dialer connections made through the admin API (tenants in gateway.tenants stay in the
-- configuration). A secret is kept sealed with gateway.token-key (AES-256-GCM) and shown only as a fingerprint.
-- A rotated-out secret keeps verifying until previous_until, so a dialer can switch without a refused webhook.
create table stored_tenant (
    id         varchar(64) not null primary key,
    enabled    boolean     not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);
create table dialer_connection (
    tenant               varchar(64)   not null references stored_tenant (id),
    dialer               varchar(64)   not null,
    enabled              boolean       not null,
    secret_sealed        varchar(4000) not null,
    secret_fingerprint   varchar(20)   not null,
    secret_set_at        timestamp with time zone not null,
    previous_sealed      varchar(4000),
    previous_fingerprint varchar(20),
    previous_until       timestamp with time zone,
    default_region       varchar(2)    not null,
    possible_opt_out     varchar(20),
    updated_at           timestamp with time zone not null,
    constraint pk_dialer_connection primary key (tenant, dialer)
);
