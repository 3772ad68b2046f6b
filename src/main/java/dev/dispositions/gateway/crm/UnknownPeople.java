package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.store.PersonCreations;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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

    /** A connector's own requests for making a person, which {@link #plan} and {@link #read} drive. */
    public interface Calls {
        /** Whether the call is one of these: a look-up under the claim or a create. */
        boolean isOurs(CrmCall call);

        /** The look-up of the number, just before a create: by the exact value the gateway writes, not a lagging index. */
        CrmCall lookup(Delivery delivery, String object, String phone, List<CrmCall.Part> parts);

        /** The create, with the mapping's {@code newPeople} fields (and the do-not-call flag when an item asks for it). */
        CrmCall create(Delivery delivery, String object, String phone, List<DeliveryItem> items, List<CrmCall.Part> parts);

        /** The person's id in a look-up's answer (null: nobody has the number) or a create's (null: none was given). */
        String idIn(CrmCall call, HttpReply answer);

        /** A refused or unanswered look-up or create, classified as the connector classifies its CRM's answers. */
        DeliveryResult failed(DeliveryItem item, CrmCall call, HttpReply answer);
    }

    /**
     * Whom the item's call was with: the dialer's id, a search's finding, else (when the tenant's policy makes people)
     * the person made for its number; {@link PersonMatch#NONE} for nobody.
     */
    public PersonMatch who(Delivery delivery, String crm, PersonIdSyntax ids, DeliveryItem item, boolean makesPeople) {
        PersonMatch found = PersonLookups.resolve(delivery, crm, ids, item.event());
        return found != null && found.found() ? found : makesPeople ? created(delivery, crm, item) : PersonMatch.NONE;
    }

    /** What an item gets under the {@code fail} policy when nobody matched: a dead letter whose hint says what to do. */
    public static DeliveryResult nobodyUnderFail(DeliveryItem item, String who) {
        return DeliveryResult.notSent(item, DeliveryResult.Kind.PERMANENT, "no " + who + " matched the call's phone or e-mail, and the "
                + "tenant's unknown-person policy is fail");
    }

    /** Whom the item's call was with when nobody else matched: the person made for its number, if there is one. */
    public PersonMatch created(Delivery delivery, String crm, DeliveryItem item) {
        String phone = item.event().prospect().phone();
        if (phone == null) {
            return PersonMatch.NONE;
        }
        var found = delivery.fact(lookupKey(phone)).map(Reading.Fact::value);
        if (found.isPresent() && found.get() != null) {
            String[] f = found.get().split("\\t", -1);
            return new PersonMatch(f[0], f[1], PersonMatch.CREATED_FOR + phone, 1);
        }
        return created(delivery.tenant(), crm, phone).orElse(PersonMatch.NONE);
    }

    /**
     * The round that makes the people the items need (items no key matched): a look-up under the claim, then a
     * create; items whose number another delivery holds wait. Null when there is nothing to make.
     *
     * @param object what a person is made as (Lead, Candidate...)
     */
    public Plan plan(Delivery delivery, String crm, String object, List<DeliveryItem> unknown, Calls calls) {
        List<CrmCall> planned = new ArrayList<>();
        List<DeliveryResult> waiting = new ArrayList<>();
        byPhone(unknown).forEach((phone, items) -> {
            if (created(delivery.tenant(), crm, phone).isPresent()) {
                return;
            }
            var lookup = delivery.fact(lookupKey(phone));
            if (lookup.isPresent() && lookup.get().value() != null) {
                return; // found under the claim: the items link to it
            }
            // Claimed before the look-up, and again (renewed) before the create: a claim that lapsed meanwhile, taken by
            // another delivery, makes this one wait rather than create beside it.
            if (!delivery.isPreview() && !(claim(delivery.tenant(), crm, phone, items) instanceof PersonCreations.Mine)) {
                if (created(delivery.tenant(), crm, phone).isEmpty()) {
                    waiting.addAll(waiting(items, phone, object));
                }
                return;
            }
            List<CrmCall.Part> parts = List.of(new CrmCall.Part(phone, items.stream().map(DeliveryItem::outboxId).toList()));
            planned.add(lookup.isEmpty() ? calls.lookup(delivery, object, phone, parts) : calls.create(delivery, object, phone, items, parts));
        });
        return planned.isEmpty() && waiting.isEmpty() ? null : new Plan(planned, waiting);
    }

    /** What a look-up or create answered: the person (kept for every later call from the number), or the items' failure. */
    public Reading read(Delivery delivery, String crm, String object, CrmCall call, HttpReply answer, Calls calls) {
        String phone = call.parts().get(0).key();
        List<DeliveryItem> items = call.items().stream().map(delivery::item).toList();
        if (!answer.isSuccess()) {
            List<DeliveryResult> failed = new ArrayList<>();
            for (DeliveryItem i : items) {
                DeliveryResult f = calls.failed(i, call, answer);
                failed.add(f.kind() != DeliveryResult.Kind.PERMANENT ? f : DeliveryResult.failed(i, f.kind(), f.request(), f.httpStatus(),
                        f.response(), "could not " + (call.writes() ? "create" : "look up") + " the " + object + " for " + phone + ": "
                                + f.detail(), null));
            }
            if (call.writes() && failed.get(0).kind() == DeliveryResult.Kind.PERMANENT && !delivery.isPreview()) {
                release(delivery.tenant(), crm, phone, items); // the admin's fix comes first; then any delivery may try
            }
            return Reading.settled(failed);
        }
        String id = calls.idIn(call, answer);
        if (call.writes() && id == null) {
            return Reading.settled(items.stream().map(i -> DeliveryResult.notSent(i, DeliveryResult.Kind.TRANSIENT, "the CRM answered "
                    + "the " + object + " create without an id; looked up again before any retry")).toList());
        }
        if (id != null && !delivery.isPreview()) {
            record(delivery.tenant(), crm, phone, id, object);
        }
        return Reading.learned(List.of(lookedUp(phone, id, object)));
    }

    /** The person created earlier for the call's number in this CRM, if any. */
    public Optional<PersonMatch> created(String tenant, String crm, String phone) {
        return phone == null ? Optional.empty() : creations.recorded(tenant, crm, phone)
                .map(c -> new PersonMatch(c.id(), c.type(), PersonMatch.CREATED_FOR + phone, 1));
    }

    /** The items waiting on a person by their number, in the batch's order; items without a number cannot be created for. */
    private static Map<String, List<DeliveryItem>> byPhone(List<DeliveryItem> items) {
        Map<String, List<DeliveryItem>> byPhone = new LinkedHashMap<>();
        items.stream().filter(i -> i.event().prospect().phone() != null)
                .forEach(i -> byPhone.computeIfAbsent(i.event().prospect().phone(), p -> new java.util.ArrayList<>()).add(i));
        return byPhone;
    }

    /**
     * Claims the number for the first of its items (the same item claims it again on a retry). Known: link to the
     * person; mine: look up, then create; busy: the items wait for the delivery creating it.
     */
    private PersonCreations.Claim claim(String tenant, String crm, String phone, List<DeliveryItem> items) {
        return creations.claim(tenant, crm, phone, owner(items), clock.instant(), CLAIM);
    }

    /** What the items of a number another delivery is creating a person for get: sent again once it has. */
    private static List<DeliveryResult> waiting(List<DeliveryItem> items, String phone, String what) {
        return items.stream().map(i -> DeliveryResult.notSent(i, DeliveryResult.Kind.TRANSIENT, "another delivery is creating the "
                + what + " for " + phone + ": sent again shortly, linked to it")).toList();
    }

    private void record(String tenant, String crm, String phone, String id, String type) {
        creations.record(tenant, crm, phone, new PersonCreations.Created(id, type), clock.instant());
    }

    private void release(String tenant, String crm, String phone, List<DeliveryItem> items) {
        creations.release(tenant, crm, phone, owner(items));
    }

    /** The lookup under the claim: never kept beyond the delivery, since a person may be made any moment. */
    private static Reading.Fact lookedUp(String phone, String id, String type) {
        return new Reading.Fact(lookupKey(phone), id == null ? null : id + "\t" + type, Duration.ZERO);
    }

    private static String lookupKey(String phone) {
        return "created-lookup:" + phone;
    }

    private static String owner(List<DeliveryItem> items) {
        return "outbox:" + items.stream().mapToLong(DeliveryItem::outboxId).min().orElse(0);
    }
}
