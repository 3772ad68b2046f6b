-- Destinations are webhooks or Kafka topics. A Kafka destination has a topic on the operator's cluster
-- (gateway.destinations.kafka.brokers) and neither a URL nor a signing secret: its records are not signed, the
-- broker's own authentication and ACLs guard the topic.
alter table destination add column type varchar(16) default 'webhook' not null;
alter table destination add column topic varchar(200);
alter table destination alter column url drop not null;
alter table destination alter column secret_sealed drop not null;
alter table destination alter column fingerprint drop not null;
