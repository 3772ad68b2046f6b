package dev.dispositions.gateway.crm.bullhorn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.crm.CrmConnector;
import dev.dispositions.gateway.delivery.DeliveryBatch;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.crm.ExternalIds;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.delivery.DeliveryResult.Kind;
import dev.dispositions.gateway.crm.PathSegments;
import dev.dispositions.gateway.crm.PersonIdSyntax;
import dev.dispositions.gateway.crm.PersonMatch;
import dev.dispositions.gateway.mapping.ActivityRenderer;
import dev.dispositions.gateway.mapping.CrmMapping;
import dev.dispositions.gateway.mapping.MappingCatalog;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Writes each call as a Bullhorn Note ({@code PUT {restUrl}entity/Note}, camel-http) on the Candidate or
 * ClientContact the dialer named ({@code personReference}); a later event of the call updates it
 * ({@code POST entity/Note/{id}}). A 401 renews the session once and retries; 429 waits a second (Bullhorn:
 * "wait 1 second then retry"); 5xx transient; other 4xx permanent with Bullhorn's own message.
 */
@Component
public class BullhornConnector implements CrmConnector {
    private static final String ACTION = "action";

    private final BullhornSessions sessions;
    private final MappingCatalog mappings;
    private final ObjectMapper json;

    private final PersonMatch.Finder people;

    public BullhornConnector(BullhornSessions sessions, MappingCatalog mappings, ObjectMapper json, BullhornPeople search,
                             java.time.Clock clock) {
        this.sessions = sessions;
        this.mappings = mappings;
        this.json = json;
        this.people = new PersonMatch.Finder(BullhornSessions.CRM, PERSON_IDS, search, clock);
    }

    /** Bullhorn entity ids are integers. */
    private static final PersonIdSyntax PERSON_IDS = PersonIdSyntax.digits(10);

    @Override
    public PersonIdSyntax personIds() {
        return PERSON_IDS;
    }

    @Override
    public String id() {
        return BullhornSessions.CRM;
    }

    @Override
    public dev.dispositions.gateway.crm.InstallCheck check(String tenant) {
        var check = new dev.dispositions.gateway.crm.InstallCheck();
        CrmMapping mapping = mappings.crm(id()).orElseThrow();
        BullhornSessions.Session session;
        try {
            session = sessions.session(tenant);
        } catch (BullhornSessions.LoginFailed e) {
            return check.fail("credentials", e.getMessage());
        }
        check.pass("credentials", "logged in; REST session at " + session.restUrl());
        try {
            java.util.Set<String> note = fieldsOf(session, "Note");
            mapping.activity().fields().keySet().forEach(f -> check.require("Note field", note, f, "meta/Note"));
            check.require("Note field", note, "personReference", "meta/Note");
            HttpReply actions = sessions.call(session.restUrl() + "settings/commentActionList", "GET", null, null, null,
                    session.bhRestToken());
            java.util.Set<String> allowed = new java.util.TreeSet<>();
            json.readTree(actions.body() == null ? "{}" : actions.body()).path("commentActionList").forEach(a -> allowed.add(a.asText()));
            new java.util.TreeSet<>(mapping.outcomes().values())
                    .forEach(a -> check.require("Note action", allowed, a, "the commentActionList setting"));
            BullhornProperties p = sessions.properties(tenant);
            for (String entity : new String[] {"ClientContact", "Candidate"}) {
                check.require("do-not-contact", fieldsOf(session, entity), p.doNotContactField(), "meta/" + entity);
            }
            for (var action : mapping.actions().values()) {
                java.util.Set<String> target = fieldsOf(session, action.createsRecord() ? action.object() : "ClientContact");
                String object = action.createsRecord() ? action.object() : "ClientContact";
                action.fields().keySet().forEach(f -> check.require(object + " field", target, f, "meta/" + object));
            }
        } catch (java.io.IOException | BullhornSessions.LoginFailed e) {
            check.fail("meta", e.getMessage());
        }
        return check;
    }

    private java.util.Set<String> fieldsOf(BullhornSessions.Session session, String entity) throws java.io.IOException {
        HttpReply reply = sessions.call(session.restUrl() + "meta/" + entity, "GET", null, Map.of("fields", "*"), null,
                session.bhRestToken());
        if (reply.status() != 200) {
            throw new java.io.IOException("meta/" + entity + " answered HTTP " + reply.status());
        }
        java.util.Set<String> names = new java.util.TreeSet<>();
        json.readTree(reply.body()).path("fields").forEach(f -> names.add(f.path("name").asText()));
        return names;
    }

    @Override
    public List<DeliveryResult> deliver(DeliveryBatch batch) {
        CrmMapping mapping = mappings.crm(id()).orElseThrow();
        return batch.sendEach(item -> deliverOne(batch.tenant(), mapping, item));
    }

    private DeliveryResult deliverOne(String tenant, CrmMapping mapping, DeliveryItem item) {
        if (item.isDoNotContact()) {
            return doNotContact(tenant, item);
        }
        if (!item.isActivity()) {
            return action(tenant, mapping, item);
        }
        ActivityRenderer.Rendering rendering = ActivityRenderer.render(item.event(), mapping, item.isUpdate());
        if (rendering instanceof ActivityRenderer.Skip skip) {
            return DeliveryResult.skipped(item, skip.reason());
        }
        ObjectNode note = json.valueToTree(((ActivityRenderer.Activity) rendering).fields());
        PersonMatch who = PersonMatch.NONE;
        if (!item.isUpdate()) {
            try {
                who = people.find(tenant, item.event());
            } catch (BullhornSessions.LoginFailed e) {
                return DeliveryResult.notSent(item, e.refused ? Kind.AUTH : Kind.TRANSIENT, e.getMessage());
            }
            if (!who.found() || !who.id().matches("\\d+")) {
                return DeliveryResult.notSent(item, Kind.PERMANENT, "a Bullhorn Note needs its Candidate or "
                        + "ClientContact: the dialer sent no id (prospect.crmIds.bullhorn) and none matched the call's phone "
                        + "or e-mail");
            }
            note.putObject("personReference").put("id", Long.parseLong(who.id()));
            note.put("externalID", ExternalIds.of(item.event(), item.action(), BullhornProperties.EXTERNAL_ID_MAX));
            Long commenter = sessions.properties(tenant).commentingPersonId();
            if (commenter != null) {
                note.putObject("commentingPerson").put("id", commenter);
            }
        }
        String request = note.toString();
        try {
            BullhornSessions.Session session = sessions.session(tenant);
            String existing = item.isUpdate() || !sessions.properties(tenant).findNoteBeforeCreate() ? item.crmRecordId() : null;
            if (!item.isUpdate() && sessions.properties(tenant).findNoteBeforeCreate()) {
                HttpReply found = findNote(session, note.path("externalID").asText());
                if (found.status() == 401) {
                    session = sessions.renew(tenant, session);
                    found = findNote(session, note.path("externalID").asText());
                }
                if (found.status() != 200) {
                    return classify(item, request, found);
                }
                existing = firstId(found.body());
            }
            HttpReply reply = send(session, existing, request);
            if (reply.status() == 401) {
                reply = send(sessions.renew(tenant, session), existing, request);
            }
            DeliveryResult result = classify(item, request, reply);
            if (existing != null && !item.isUpdate() && result.kind() == Kind.DONE) {
                // An earlier attempt wrote this Note and its answer was lost: updated, not written twice.
                result = new DeliveryResult(result.outboxId(), Kind.DONE, existing, request, result.httpStatus(), result.response(),
                        "updated Note " + existing + ", already written for " + note.path("externalID").asText(), null);
            }
            return result.noting(who.note("Candidate or ClientContact"));
        } catch (BullhornSessions.LoginFailed e) {
            return DeliveryResult.failed(item, e.refused ? Kind.AUTH : Kind.TRANSIENT, request, null, null, e.getMessage(), null);
        }
    }

    /**
     * An outcome action from the mapping file: a new entity (a follow-up Task) linked to the person
     * ({@code clientContact} or {@code candidate}), or an update of the person's fields (its status).
     */
    private DeliveryResult action(String tenant, CrmMapping mapping, DeliveryItem item) {
        CrmMapping.ActionSpec spec = mapping.actions().get(item.action());
        ActivityRenderer.Rendering rendering = ActivityRenderer.renderAction(item.event(), mapping, item.action());
        if (rendering instanceof ActivityRenderer.Skip skip) {
            return DeliveryResult.skipped(item, skip.reason());
        }
        ObjectNode fields = json.valueToTree(((ActivityRenderer.Activity) rendering).fields());
        try {
            PersonMatch who = people.find(tenant, item.event());
            boolean known = who.found() && who.id().matches("\\d+");
            if (!known && !spec.createsRecord()) {
                return DeliveryResult.skipped(item, "nobody to update for '" + item.action() + "': the dialer sent no Bullhorn id "
                        + "and no Candidate or ClientContact matched the call's phone or e-mail");
            }
            String entity = !known ? "ClientContact" : who.type() != null ? who.type() : "ClientContact";
            if (known && !spec.personTypes().isEmpty() && !spec.personTypes().contains(entity)) {
                return DeliveryResult.skipped(item, "'" + item.action() + "' applies to " + String.join(", ", spec.personTypes())
                        + "; the person is a " + entity);
            }
            BullhornSessions.Session session = sessions.session(tenant);
            String request;
            HttpReply reply;
            if (spec.createsRecord()) {
                if (known) {
                    fields.putObject("Candidate".equals(entity) ? "candidate" : "clientContact").put("id", Long.parseLong(who.id()));
                }
                request = fields.toString();
                reply = sessions.call(session.restUrl() + "entity/" + spec.object(), "PUT", null, null, request, session.bhRestToken());
            } else {
                request = fields.toString();
                reply = sessions.call(session.restUrl() + "entity/" + entity, "POST", PathSegments.slash(who.id()), null, request, session.bhRestToken());
            }
            DeliveryResult result = classify(item, request, reply);
            return spec.createsRecord() || result.kind() != Kind.DONE ? result.noting(who.note("Candidate or ClientContact"))
                    : new DeliveryResult(result.outboxId(), Kind.DONE, who.id(), request, result.httpStatus(), result.response(), null, null)
                            .noting(String.join(", ", HttpReply.names(fields)) + " set on " + entity + " " + who.id());
        } catch (BullhornSessions.LoginFailed e) {
            return DeliveryResult.notSent(item, e.refused ? Kind.AUTH : Kind.TRANSIENT, e.getMessage());
        }
    }


    /** The locked compliance action: the configured field and value on the ClientContact or Candidate. */
    private DeliveryResult doNotContact(String tenant, DeliveryItem item) {
        try {
            PersonMatch who = people.find(tenant, item.event());
            if (!who.found()) {
                return DeliveryResult.notSent(item, Kind.PERMANENT, "no Candidate or ClientContact to flag "
                        + "do-not-contact: the dialer sent no Bullhorn id and none matched the call's phone or e-mail");
            }
            BullhornProperties p = sessions.properties(tenant);
            // An id from the dialer does not say which entity it is; a sales dialer calls ClientContacts.
            String entity = who.type() != null ? who.type() : "ClientContact";
            ObjectNode body = json.createObjectNode().put(p.doNotContactField(), p.doNotContactValue());
            String request = body.toString();
            BullhornSessions.Session session = sessions.session(tenant);
            String url = session.restUrl() + "entity/" + entity;
            HttpReply reply = sessions.call(url, "POST", PathSegments.slash(who.id()), null, request, session.bhRestToken());
            if (reply.status() == 401) {
                session = sessions.renew(tenant, session);
                reply = sessions.call(session.restUrl() + "entity/" + entity, "POST", PathSegments.slash(who.id()), null, request, session.bhRestToken());
            }
            DeliveryResult result = classify(item, request, reply);
            return result.kind() == Kind.DONE
                    ? new DeliveryResult(result.outboxId(), Kind.DONE, who.id(), request, result.httpStatus(), result.response(), null, null)
                            .noting(p.doNotContactField() + " = " + p.doNotContactValue() + " on " + entity + " " + who.id())
                    : result;
        } catch (BullhornSessions.LoginFailed e) {
            return DeliveryResult.notSent(item, e.refused ? Kind.AUTH : Kind.TRANSIENT, e.getMessage());
        }
    }

    /** @param noteId the Note to update, or null to create one */
    private HttpReply send(BullhornSessions.Session session, String noteId, String request) {
        String notes = session.restUrl() + "entity/Note";
        // The session token travels as a header, never in a URL.
        return noteId != null
                ? sessions.call(notes, "POST", PathSegments.slash(noteId), null, request, session.bhRestToken())
                : sessions.call(notes, "PUT", null, null, request, session.bhRestToken());
    }

    /** The Note already written under this key, if any (JPQL on the database, so a Note just written is seen). */
    private HttpReply findNote(BullhornSessions.Session session, String externalId) {
        return sessions.call(session.restUrl() + "query/Note", "GET", null, Map.of("where", "externalID='"
                + externalId.replace("'", "''") + "' AND isDeleted=false", "fields", "id", "count", "1"), null, session.bhRestToken());
    }

    private String firstId(String body) {
        try {
            JsonNode data = json.readTree(body).path("data");
            return data.isEmpty() ? null : data.get(0).path("id").asText(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    DeliveryResult classify(DeliveryItem item, String request, HttpReply reply) {
        int status = reply.status();
        if (status >= 200 && status < 300) {
            String id = item.isUpdate() ? item.crmRecordId() : HttpReply.field(reply.body(), "changedEntityId");
            return DeliveryResult.done(item, id, request, status, reply.body());
        }
        String detail = describe(reply);
        if (status == 429) {
            return DeliveryResult.failed(item, Kind.THROTTLED, request, status, reply.body(), detail, Duration.ofSeconds(1));
        }
        Kind kind = status == 401 ? Kind.AUTH : status >= 500 || status == 0 ? Kind.TRANSIENT : Kind.PERMANENT;
        return DeliveryResult.failed(item, kind, request, status, reply.body(), detail, null);
    }

    /** Bullhorn documents no error schema; these are the fields real answers carry (docs/sources.md#bullhorn-errors). */
    private String describe(HttpReply reply) {
        StringBuilder d = new StringBuilder();
        String message = HttpReply.field(reply.body(), "errorMessage");
        String key = HttpReply.field(reply.body(), "errorMessageKey");
        if (key != null) {
            d.append(key).append(": ");
        }
        d.append(message != null ? message : "HTTP " + reply.status());
        try {
            for (JsonNode m : json.readTree(reply.body() == null ? "{}" : reply.body()).path("messages")) {
                d.append("; ").append(m.path("propertyName").asText("")).append(' ').append(m.path("detailMessage").asText(""));
            }
        } catch (IOException ignored) {
            // a body that is not JSON adds nothing
        }
        return d.toString().trim();
    }

}
