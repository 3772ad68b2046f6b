package dev.dispositions.gateway.crm.bullhorn;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.dispositions.gateway.crm.bullhorn.BullhornRecords.Prepared;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Bullhorn: each call a Note on the Candidate or ClientContact, follow-ups Tasks, status and do-not-contact updates
 * of the person. Bullhorn has no batch writes, so a delivery looks up what the whole batch needs first (people,
 * several keys a query; Notes already written, one query for the batch), then writes one request an item, a few at
 * once ({@code concurrent-writes}); updates of one person from several calls become one.
 */
@Component
public class BullhornConnector implements CrmConnector {
    /** Bullhorn entity ids are integers. */
    private static final PersonIdSyntax PERSON_IDS = PersonIdSyntax.digits(10);

    private final BullhornSessions sessions;
    private final BullhornTransport transport;
    private final BullhornInstallCheck installCheck;

    private final BullhornPeople people;
    private final dev.dispositions.gateway.crm.UnknownPeople unknown;

    BullhornConnector(BullhornSessions sessions, BullhornTransport transport, BullhornInstallCheck installCheck, BullhornPeople people,
                      dev.dispositions.gateway.crm.UnknownPeople unknown) {
        this.people = people;
        this.unknown = unknown;
        this.sessions = sessions;
        this.transport = transport;
        this.installCheck = installCheck;
    }

    @Override
    public String id() {
        return BullhornSessions.CRM;
    }

    @Override
    public PersonIdSyntax personIds() {
        return PERSON_IDS;
    }

    @Override
    public int batchSize(String tenant) {
        return sessions.properties(tenant).batchSize();
    }

    @Override
    public boolean concurrentCalls() {
        return true;
    }

    @Override
    public CrmTransport transport() {
        return transport;
    }

    @Override
    public Plan plan(Delivery delivery) {
        BullhornProperties settings = sessions.properties(delivery.tenant());
        List<DeliveryItem> needPeople = delivery.open().stream().filter(i -> BullhornRecords.needsPerson(delivery.mapping(), i)).toList();
        List<CrmCall> lookups = new ArrayList<>(BullhornSearches.plan(delivery, PersonLookups.missing(delivery, id(), PERSON_IDS, needPeople)));
        Map<String, Long> notes = new LinkedHashMap<>();
        for (DeliveryItem item : delivery.open()) {
            String key = BullhornRecords.noteKey(delivery.mapping(), settings, item);
            if (key != null && delivery.fact(BullhornNotes.fact(key)).isEmpty()) {
                notes.put(key, item.outboxId());
            }
        }
        lookups.addAll(BullhornNotes.plan(notes));
        if (!lookups.isEmpty()) {
            return new Plan(lookups, List.of());
        }
        if (settings.createsPeopleAs() != null) {
            Plan creating = unknown.plan(delivery, id(), settings.createsPeopleAs(),
                    needPeople.stream().filter(i -> !who(delivery, settings, i).found()).toList(), new BullhornNewPeople(settings));
            if (creating != null) {
                return creating;
            }
        }
        Map<String, List<Prepared>> writes = new LinkedHashMap<>();
        List<DeliveryResult> settled = new ArrayList<>();
        for (DeliveryItem item : delivery.open()) {
            Object p = prepare(delivery, settings, item);
            if (p instanceof Prepared ready) {
                writes.computeIfAbsent(ready.recordId() == null ? "new " + item.outboxId() : ready.foldKey(), k -> new ArrayList<>()).add(ready);
            } else {
                settled.add((DeliveryResult) p);
            }
        }
        // A few at once; the rest of the batch goes in the next rounds.
        List<CrmCall> calls = writes.values().stream().limit(settings.concurrentWrites()).map(BullhornConnector::call).toList();
        return new Plan(calls, settled);
    }

    /** One request; updates of one person from several calls carry their fields in call order, the latest call's last. */
    private static CrmCall call(List<Prepared> folded) {
        Prepared first = folded.get(0);
        ObjectNode body = first.body().deepCopy();
        folded.stream().sorted(Comparator.comparing(p -> p.item().event().occurredAt(), Comparator.nullsFirst(Comparator.naturalOrder())))
                .forEach(p -> body.setAll(p.body()));
        String what = first.item().isActivity() ? "the call's Note" : first.item().isDoNotContact() ? "the do-not-contact field"
                : "'" + first.item().action() + "'";
        return CrmCall.write((first.recordId() == null ? "create " : "update ") + what, first.method(), first.path(), body.toString(),
                List.of(new CrmCall.Part(first.recordId(), folded.stream().map(p -> p.item().outboxId()).toList())));
    }

    @Override
    public Reading read(Delivery delivery, CrmCall call, HttpReply answer) {
        BullhornProperties settings = sessions.properties(delivery.tenant());
        BullhornNewPeople newPeople = new BullhornNewPeople(settings);
        if (settings.createsPeopleAs() != null && newPeople.isOurs(call)) {
            return unknown.read(delivery, id(), settings.createsPeopleAs(), call, answer, newPeople);
        }
        if (call.path().equals(BullhornNotes.PATH)) {
            return BullhornNotes.read(delivery, call, answer);
        }
        if (!call.writes()) {
            return BullhornSearches.read(delivery, call, answer);
        }
        List<DeliveryResult> results = new ArrayList<>();
        List<Long> items = call.items();
        for (long id : items) {
            Prepared p = (Prepared) prepare(delivery, settings, delivery.item(id));
            DeliveryResult r = BullhornAnswers.classify(p.item(), call.body(), answer, p.recordId());
            if (items.size() > 1) {
                r = r.noting("one update for " + items.size() + " calls to this person in the batch, the latest call's values");
            }
            results.add(r.noting(p.note()));
        }
        return Reading.settled(results);
    }

    private Object prepare(Delivery delivery, BullhornProperties settings, DeliveryItem item) {
        PersonMatch who = BullhornRecords.needsPerson(delivery.mapping(), item) ? who(delivery, settings, item) : PersonMatch.NONE;
        return BullhornRecords.prepare(delivery, settings, item, who);
    }

    private PersonMatch who(Delivery delivery, BullhornProperties settings, DeliveryItem item) {
        return unknown.who(delivery, id(), PERSON_IDS, item, settings.createsPeopleAs() != null);
    }

    @Override
    public dev.dispositions.gateway.crm.PersonCheck checkPerson(String tenant, String personId) {
        return people.check(tenant, personId);
    }

    @Override
    public String hint(dev.dispositions.gateway.crm.FailedSync failure) {
        return BullhornPeople.hint(failure);
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
        return dev.dispositions.gateway.crm.ConnectorSettings.validate(settings, BullhornProperties.class, (ignored, p) -> p.requireComplete(prefix));
    }
}
