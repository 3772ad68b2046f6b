-- Tokens the gateway obtains at run time (Bullhorn's single-use refresh token), encrypted (AES-GCM) with the key
-- in gateway.token-key, so a restart or a second replica neither logs in again nor loses the newest one.
create table crm_token (
    tenant      varchar(64)  not null,
    crm         varchar(64)  not null,
    name        varchar(64)  not null,
    ciphertext  text         not null,
    updated_at  timestamp with time zone not null,
    constraint pk_crm_token primary key (tenant, crm, name)
);
