package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.store.PersonCreations;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * People created for unknown callers, as the tenant's {@code unknown-person} policy says, shared by the connectors
 * that create them: one person per (tenant, CRM, E.164 number), serialized by a claim ({@link PersonCreations}).
 * The delivery holding the claim looks the number up again before it creates (a create whose answer was lost is
 * found, not repeated); another delivery of the number waits and then links to the record made.
 */
@Component
public class UnknownPeople {
    /** How long a delivery holds a number it creates a person for, before another may take over. */
    static final Duration CLAIM = Duration.ofMinutes(2);
    public static final String FAIL = "fail";

    private final PersonCreations creations;
    private final Clock clock;

    UnknownPeople(PersonCreations creations, Clock clock) {
        this.creations = creations;
        this.clock = clock;
    }

    /** Refuses a policy the connector does not know, naming the setting. */
    public static void require(String prefix, String policy, String... known) {
        if (!Arrays.asList(known).contains(policy)) {
            throw new IllegalStateException(prefix + ".unknown-person must be one of " + String.join(", ", known) + ", not '" + policy + "'");
        }
    }

    /** The person created earlier for the call's number in this CRM, if any. */
    public Optional<PersonMatch> created(String tenant, String crm, String phone) {
        return phone == null ? Optional.empty() : creations.recorded(tenant, crm, phone)
                .map(c -> new PersonMatch(c.id(), c.type(), PersonMatch.CREATED_FOR + phone, 1));
    }

    /** The items waiting on a person by their number, in the batch's order; items without a number cannot be created for. */
    public static Map<String, List<DeliveryItem>> byPhone(List<DeliveryItem> items) {
        Map<String, List<DeliveryItem>> byPhone = new LinkedHashMap<>();
        items.stream().filter(i -> i.event().prospect().phone() != null)
                .forEach(i -> byPhone.computeIfAbsent(i.event().prospect().phone(), p -> new java.util.ArrayList<>()).add(i));
        return byPhone;
    }

    /**
     * Claims the number for the first of its items (the same item claims it again on a retry). Known: link to the
     * person; mine: look up, then create; busy: the items wait for the delivery creating it.
     */
    public PersonCreations.Claim claim(String tenant, String crm, String phone, List<DeliveryItem> items) {
        return creations.claim(tenant, crm, phone, owner(items), clock.instant(), CLAIM);
    }

    /** What the items of a number another delivery is creating a person for get: sent again once it has. */
    public static List<DeliveryResult> waiting(List<DeliveryItem> items, String phone, String what) {
        return items.stream().map(i -> DeliveryResult.notSent(i, DeliveryResult.Kind.TRANSIENT, "another delivery is creating the "
                + what + " for " + phone + ": sent again shortly, linked to it")).toList();
    }

    public void record(String tenant, String crm, String phone, String id, String type) {
        creations.record(tenant, crm, phone, new PersonCreations.Created(id, type), clock.instant());
    }

    public void release(String tenant, String crm, String phone, List<DeliveryItem> items) {
        creations.release(tenant, crm, phone, owner(items));
    }

    /** The lookup under the claim: never kept beyond the delivery, since a person may be made any moment. */
    public static Reading.Fact lookedUp(String phone, String id, String type) {
        return new Reading.Fact(lookupKey(phone), id == null ? null : id + "\t" + type, Duration.ZERO);
    }

    public static String lookupKey(String phone) {
        return "created-lookup:" + phone;
    }

    private static String owner(List<DeliveryItem> items) {
        return "outbox:" + items.stream().mapToLong(DeliveryItem::outboxId).min().orElse(0);
    }
}
