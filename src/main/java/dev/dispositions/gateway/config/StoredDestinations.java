package dev.dispositions.gateway.config;

import java.util.List;

/** The tenants' webhook destinations made through the admin API, secrets opened. */
public interface StoredDestinations {
    List<Destination> load();
}
