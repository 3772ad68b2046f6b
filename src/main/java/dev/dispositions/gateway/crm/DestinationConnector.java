package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.config.Destination;
import dev.dispositions.gateway.config.TenantDirectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What every destination connector (a webhook, a Kafka topic) shares: it names no people, sends a batch's events at
 * once, and is managed through the destinations API rather than as a CRM connection.
 */
public abstract class DestinationConnector implements CrmConnector {
    /** A destination names no people: a dialer's id for it never matches. */
    private static final PersonIdSyntax NO_PEOPLE = new PersonIdSyntax(Pattern.compile("(?!)"), "a destination names no people");

    protected final TenantDirectory tenants;

    protected DestinationConnector(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    @Override
    public PersonIdSyntax personIds() {
        return NO_PEOPLE;
    }

    /** Each event is its own request or record: a batch's are sent at once. */
    @Override
    public boolean concurrentCalls() {
        return true;
    }

    /** The tenant's enabled destinations of this connector's type. */
    protected List<Destination> destinations(String tenant) {
        return tenants.enabledCrms(tenant).stream().filter(c -> c.startsWith(id() + ":")).map(c -> tenants.destination(tenant, c))
                .flatMap(Optional::stream).toList();
    }

    @Override
    public Map<String, Object> validateSettings(String prefix, Map<String, Object> settings) {
        throw new IllegalArgumentException(id() + " destinations are not a CRM connection: manage them at "
                + "/api/tenants/{tenant}/destinations/{id}");
    }
}
