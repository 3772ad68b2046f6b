package dev.dispositions.gateway.crm.hubspot;

import dev.dispositions.gateway.mapping.CrmMapping;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.CrmConnector;
import dev.dispositions.gateway.crm.CrmTransport;
import dev.dispositions.gateway.crm.Delivery;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.InstallCheck;
import dev.dispositions.gateway.crm.PersonIdSyntax;
import dev.dispositions.gateway.crm.PersonLookups;
import dev.dispositions.gateway.crm.PersonMatch;
import dev.dispositions.gateway.crm.Plan;
import dev.dispositions.gateway.crm.Reading;
import dev.dispositions.gateway.crm.hubspot.HubspotRecords.Prepared;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * HubSpot: each call a call engagement, follow-ups tasks, lead status and do-not-call properties updates of the
 * contact. A delivery takes up to three rounds: look-ups (the portal's dispositions, contacts by phone or e-mail,
 * several a search), batch writes of up to 100 inputs ({@link HubspotBatches}), then the links of upserted calls to
 * their contacts ({@link HubspotAssociations}).
 */
@Component
public class HubspotConnector implements CrmConnector {
    /** HubSpot record ids are positive integers (64-bit). */
    private static final PersonIdSyntax PERSON_IDS = PersonIdSyntax.digits(19);

    private final HubspotPortals portals;
    private final HubspotTransport transport;
    private final HubspotInstallCheck installCheck;

    private final HubspotPeople people;
    private final dev.dispositions.gateway.crm.UnknownPeople unknown;

    HubspotConnector(HubspotPortals portals, HubspotTransport transport, HubspotInstallCheck installCheck, HubspotPeople people,
                     dev.dispositions.gateway.crm.UnknownPeople unknown) {
        this.people = people;
        this.unknown = unknown;
        this.portals = portals;
        this.transport = transport;
        this.installCheck = installCheck;
    }

    @Override
    public String id() {
        return HubspotPortals.CRM;
    }

    @Override
    public PersonIdSyntax personIds() {
        return PERSON_IDS;
    }

    @Override
    public int batchSize(String tenant) {
        return Math.min(HubspotBatches.MAX_INPUTS, portals.properties(tenant).batchSize());
    }

    @Override
    public CrmTransport transport() {
        return transport;
    }

    @Override
    public Plan plan(Delivery delivery) {
        HubspotProperties settings = portals.properties(delivery.tenant());
        int perRequest = batchSize(delivery.tenant());
        List<DeliveryItem> written = HubspotAssociations.waiting(delivery);
        if (!written.isEmpty()) {
            return new Plan(HubspotAssociations.plan(delivery, written, item -> again(delivery, settings, item), perRequest), List.of());
        }
        List<CrmCall> lookups = new ArrayList<>();
        List<Long> needGuids = delivery.open().stream().filter(i -> {
            String label = HubspotRecords.dispositionLabel(delivery.mapping(), i);
            return label != null && !HubspotDispositions.known(delivery, label);
        }).map(DeliveryItem::outboxId).toList();
        if (!needGuids.isEmpty()) {
            lookups.add(HubspotDispositions.lookup(needGuids));
        }
        List<DeliveryItem> needPeople = delivery.open().stream().filter(i -> HubspotRecords.needsPerson(delivery.mapping(), i)).toList();
        Map<String, List<Long>> missing = PersonLookups.missing(delivery, id(), PERSON_IDS, needPeople);
        lookups.addAll(HubspotSearches.plan(missing));
        if (!lookups.isEmpty()) {
            return new Plan(lookups, List.of());
        }
        if (settings.createsPeopleAs() != null) {
            Plan creating = unknown.plan(delivery, id(), settings.createsPeopleAs(),
                    needPeople.stream().filter(i -> !who(delivery, settings, i).found()).toList(), new HubspotNewPeople(settings));
            if (creating != null) {
                return creating;
            }
        }
        List<Prepared> prepared = new ArrayList<>();
        List<DeliveryResult> settled = new ArrayList<>();
        for (DeliveryItem item : delivery.open()) {
            Object p = prepare(delivery, settings, item);
            if (p instanceof Prepared ready) {
                prepared.add(ready);
            } else {
                settled.add((DeliveryResult) p);
            }
        }
        return new Plan(HubspotBatches.plan(settings, prepared, perRequest), settled);
    }

    @Override
    public Reading read(Delivery delivery, CrmCall call, HttpReply answer) {
        HubspotProperties settings = portals.properties(delivery.tenant());
        HubspotNewPeople newPeople = new HubspotNewPeople(settings);
        if (settings.createsPeopleAs() != null && newPeople.isOurs(call)) {
            return unknown.read(delivery, id(), settings.createsPeopleAs(), call, answer, newPeople);
        }
        return switch (call.path()) {
            case HubspotDispositions.PATH -> HubspotDispositions.read(delivery, call, answer);
            case HubspotSearches.PATH -> HubspotSearches.read(delivery, call, answer);
            case HubspotAssociations.PATH -> HubspotAssociations.read(delivery, call, answer, item -> again(delivery, settings, item));
            default -> HubspotBatches.read(delivery, call, answer, item -> again(delivery, settings, item));
        };
    }

    private Object prepare(Delivery delivery, HubspotProperties settings, DeliveryItem item) {
        boolean needs = HubspotRecords.needsPerson(delivery.mapping(), item);
        PersonMatch who = needs ? who(delivery, settings, item) : PersonMatch.NONE;
        if (needs && !who.found() && dev.dispositions.gateway.crm.UnknownPeople.FAIL.equals(settings.unknownPerson())) {
            return dev.dispositions.gateway.crm.UnknownPeople.nobodyUnderFail(item, "contact");
        }
        return HubspotRecords.prepare(delivery, settings, item, who);
    }

    private PersonMatch who(Delivery delivery, HubspotProperties settings, DeliveryItem item) {
        return unknown.who(delivery, id(), PERSON_IDS, item, settings.createsPeopleAs() != null);
    }

    /** The item as it was sent, to read its answer. */
    private Prepared again(Delivery delivery, HubspotProperties settings, DeliveryItem item) {
        return (Prepared) prepare(delivery, settings, item);
    }

    @Override
    public dev.dispositions.gateway.crm.PersonCheck checkPerson(String tenant, String personId) {
        return people.check(tenant, personId);
    }

    @Override
    public String hint(dev.dispositions.gateway.crm.FailedSync failure) {
        return HubspotPeople.hint(failure);
    }

    @Override
    public String recordUrl(String tenant, String kind, String recordId) {
        return people.recordUrl(tenant, kind, recordId);
    }

    @Override
    public InstallCheck check(String tenant, CrmMapping mapping) {
        return installCheck.check(tenant, mapping);
    }

    @Override
    public java.util.Map<String, Object> validateSettings(String prefix, java.util.Map<String, Object> settings) {
        return dev.dispositions.gateway.crm.ConnectorSettings.validate(settings, HubspotProperties.class, (ignored, p) -> p.requireComplete(prefix));
    }
}
