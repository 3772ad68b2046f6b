-- The console's overview counts the last hour's and day's deliveries per connector.
create index ix_outbox_created on outbox (created_at);
