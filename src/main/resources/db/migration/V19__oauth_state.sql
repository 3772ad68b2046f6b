-- "Connect with OAuth": one row per authorization started, found by the hash of its single-use state (the state
-- itself travels only through the admin's browser), and bound to the browser that started it by the hash of a cookie
-- set then (so a Connect link sent to someone else does not complete). The PKCE verifier is sealed with gateway.token-key.
create table oauth_state (
    state_hash      varchar(64)  not null,
    binding_hash    varchar(64)  not null,
    tenant          varchar(64)  not null,
    crm             varchar(64)  not null,
    login           varchar(100),
    verifier_sealed varchar(400),
    actor           varchar(200) not null,
    actor_key_id    varchar(40),
    actor_role      varchar(20)  not null,
    created_at      timestamp with time zone not null,
    expires_at      timestamp with time zone not null,
    used_at         timestamp with time zone,
    constraint pk_oauth_state primary key (state_hash)
);
create index ix_oauth_state_expires on oauth_state (expires_at);
