-- Key names are not unique: the audit also keeps the id of the key that made the change (null: the bootstrap key).
alter table admin_audit add column key_id varchar(36);
