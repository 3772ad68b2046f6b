package dev.dispositions.gateway.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a key may do: everything, or one tenant's administration, or reading one tenant's data. */
public enum Role {
    /** Every tenant, every operation, keys and the audit included. */
    OPERATOR,
    /** One tenant: its connectors (check, pause, resume), events, dead letters, replay and discard, its own keys. */
    TENANT_ADMIN,
    /** One tenant, read only. */
    TENANT_VIEWER;

    /** As the API writes it: {@code operator}, {@code tenant-admin}, {@code tenant-viewer}. */
    public String written() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Role> parse(String written) {
        return Arrays.stream(values()).filter(r -> r.written().equals(written)).findFirst();
    }

    /** Whether this role may do what {@code needed} may. */
    public boolean covers(Role needed) {
        return ordinal() <= needed.ordinal();
    }

    public boolean tenantScoped() {
        return this != OPERATOR;
    }
}
