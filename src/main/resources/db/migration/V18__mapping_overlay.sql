-- A tenant's mapping overlays: per CRM (outcome values, ignored outcomes, fields, actions) and per dialer (labels,
-- possibleOptOut), laid over the packaged mapping files. Every change is a new version; the highest is in use, the
-- last gateway.mapping-overlays.versions-kept are kept, and a roll back is a new version with an old body.
-- Keyed by tenant id (no reference to stored_tenant): tenants declared in configuration have overlays too.
create table mapping_overlay (
    tenant     varchar(64)    not null,
    kind       varchar(8)     not null,
    target     varchar(64)    not null,
    version    integer        not null,
    body       text           not null,
    note       varchar(500),
    actor      varchar(200)   not null,
    created_at timestamp with time zone not null,
    constraint pk_mapping_overlay primary key (tenant, kind, target, version),
    constraint ck_mapping_overlay_kind check (kind in ('crm', 'dialer'))
);
