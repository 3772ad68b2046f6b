package dev.dispositions.gateway.crm.salesforce;

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
import dev.dispositions.gateway.crm.UnknownPeople;
import dev.dispositions.gateway.crm.salesforce.SalesforceRecords.Prepared;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Salesforce: each call a Task, follow-ups Tasks too, status and do-not-call flags updates of the Contact or Lead.
 * A delivery takes two rounds at most: SOSL searches for the people no id names (several numbers a search), then
 * sObject Collections of up to 200 records ({@link SalesforceCollections}), each record's result its own row's.
 */
@Component
public class SalesforceConnector implements CrmConnector {
    /** Salesforce record ids: 15 characters, case-sensitive, or the 18-character form with its checksum suffix. */
    private static final PersonIdSyntax PERSON_IDS = new PersonIdSyntax(Pattern.compile("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}"),
            "15 or 18 letters and digits");

    private final SalesforceComponents components;
    private final SalesforceTransport transport;
    private final SalesforceInstallCheck installCheck;

    private final SalesforcePeople people;
    private final UnknownPeople unknown;

    SalesforceConnector(SalesforceComponents components, SalesforceTransport transport, SalesforceInstallCheck installCheck,
                        SalesforcePeople people, UnknownPeople unknown) {
        this.people = people;
        this.unknown = unknown;
        this.components = components;
        this.transport = transport;
        this.installCheck = installCheck;
    }

    @Override
    public String id() {
        return SalesforceComponents.CRM;
    }

    @Override
    public PersonIdSyntax personIds() {
        return PERSON_IDS;
    }

    @Override
    public int batchSize(String tenant) {
        return Math.min(SalesforceCollections.MAX_RECORDS, components.properties(tenant).batchSize());
    }

    @Override
    public CrmTransport transport() {
        return transport;
    }

    @Override
    public Plan plan(Delivery delivery) {
        SalesforceProperties settings = components.properties(delivery.tenant());
        List<DeliveryItem> needPeople = delivery.open().stream().filter(i -> SalesforceRecords.needsPerson(delivery.mapping(), i)).toList();
        Map<String, List<Long>> missing = PersonLookups.missing(delivery, id(), PERSON_IDS, needPeople);
        if (!missing.isEmpty()) {
            return new Plan(SalesforceSearches.plan(settings, missing), List.of());
        }
        if (settings.createsPeopleAs() != null) {
            Plan creating = unknown.plan(delivery, id(), settings.createsPeopleAs(),
                    needPeople.stream().filter(i -> !who(delivery, settings, i).found()).toList(), new SalesforceNewPeople(settings));
            if (creating != null) {
                return creating;
            }
        }
        List<Prepared> records = new ArrayList<>();
        List<DeliveryResult> settled = new ArrayList<>();
        for (DeliveryItem item : delivery.open()) {
            Object prepared = prepare(delivery, settings, item);
            if (prepared instanceof Prepared p) {
                records.add(p);
            } else {
                settled.add((DeliveryResult) prepared);
            }
        }
        return new Plan(SalesforceCollections.plan(settings, records, batchSize(delivery.tenant())), settled);
    }

    @Override
    public Reading read(Delivery delivery, CrmCall call, HttpReply answer) {
        SalesforceProperties settings = components.properties(delivery.tenant());
        SalesforceNewPeople newPeople = new SalesforceNewPeople(settings);
        if (settings.createsPeopleAs() != null && newPeople.isOurs(call)) {
            return unknown.read(delivery, id(), settings.createsPeopleAs(), call, answer, newPeople);
        }
        if (!call.writes()) {
            return SalesforceSearches.read(call, answer, delivery::item);
        }
        return SalesforceCollections.read(call, answer, item -> (Prepared) prepare(delivery, settings, item), delivery::item);
    }

    private Object prepare(Delivery delivery, SalesforceProperties settings, DeliveryItem item) {
        PersonMatch who = SalesforceRecords.needsPerson(delivery.mapping(), item) ? who(delivery, settings, item) : PersonMatch.NONE;
        if (!who.found() && UnknownPeople.FAIL.equals(settings.unknownPerson()) && SalesforceRecords.needsPerson(delivery.mapping(), item)) {
            return UnknownPeople.nobodyUnderFail(item, SalesforceRecords.WHO);
        }
        return SalesforceRecords.prepare(delivery.mapping(), settings, item, who);
    }

    private PersonMatch who(Delivery delivery, SalesforceProperties settings, DeliveryItem item) {
        return unknown.who(delivery, id(), PERSON_IDS, item, settings.createsPeopleAs() != null);
    }

    @Override
    public dev.dispositions.gateway.crm.PersonCheck checkPerson(String tenant, String personId) {
        return people.check(tenant, personId);
    }

    @Override
    public String hint(dev.dispositions.gateway.crm.FailedSync failure) {
        return SalesforceHints.hint(failure);
    }

    @Override
    public String recordUrl(String tenant, String kind, String recordId) {
        return people.recordUrl(tenant, recordId);
    }

    @Override
    public InstallCheck check(String tenant, CrmMapping mapping) {
        return installCheck.check(tenant, mapping);
    }

    @Override
    public java.util.Map<String, Object> validateSettings(String prefix, java.util.Map<String, Object> settings) {
        return dev.dispositions.gateway.crm.ConnectorSettings.validate(settings, SalesforceProperties.class, (ignored, p) -> p.requireComplete(prefix));
    }
}
