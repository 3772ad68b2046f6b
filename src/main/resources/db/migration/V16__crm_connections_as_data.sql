-- A run-time tenant's CRM connections: the connector's settings as the configuration writes them (client-id,
-- login-url, …), sealed whole with gateway.token-key, since some of them are secrets.
create table crm_connection (
    tenant          varchar(64)   not null references stored_tenant (id),
    crm             varchar(64)   not null,
    enabled         boolean       not null,
    settings_sealed varchar(16000) not null,
    fingerprint     varchar(20)   not null,
    updated_at      timestamp with time zone not null,
    constraint pk_crm_connection primary key (tenant, crm)
);
