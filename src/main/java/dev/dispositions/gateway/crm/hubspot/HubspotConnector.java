package dev.dispositions.gateway.crm.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.crm.CrmConnector;
import dev.dispositions.gateway.delivery.DeliveryBatch;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.delivery.DeliveryResult.Kind;
import dev.dispositions.gateway.crm.ExternalIds;
import dev.dispositions.gateway.crm.PathSegments;
import dev.dispositions.gateway.crm.PersonIdSyntax;
import dev.dispositions.gateway.crm.PersonMatch;
import dev.dispositions.gateway.mapping.ActivityRenderer;
import dev.dispositions.gateway.mapping.CrmMapping;
import dev.dispositions.gateway.mapping.MappingCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Writes each call as a HubSpot call engagement ({@code POST /crm/v3/objects/calls}, camel-http), associated to
 * the contact the dialer named, and classifies HubSpot's answers (docs/sources.md#hubspot-limits-and-errors): 429 throttled (waiting
 * the rate-limit window, or an hour for the daily limit), 401/403 auth, 5xx transient, other 4xx permanent with
 * HubSpot's category, message and correlation id.
 */
@Component
public class HubspotConnector implements CrmConnector {
    static final String CALLS = "/crm/v3/objects/calls";
    private static final String DISPOSITION = "hs_call_disposition";

    private final HubspotPortals portals;
    private final MappingCatalog mappings;
    private final ObjectMapper json;

    private final PersonMatch.Finder people;

    public HubspotConnector(HubspotPortals portals, MappingCatalog mappings, ObjectMapper json, HubspotPeople search,
                            java.time.Clock clock) {
        this.portals = portals;
        this.mappings = mappings;
        this.json = json;
        this.people = new PersonMatch.Finder(HubspotPortals.CRM, PERSON_IDS, search, clock);
    }

    /** HubSpot record ids are positive integers (64-bit). */
    private static final PersonIdSyntax PERSON_IDS = PersonIdSyntax.digits(19);

    @Override
    public PersonIdSyntax personIds() {
        return PERSON_IDS;
    }

    @Override
    public String id() {
        return HubspotPortals.CRM;
    }

    @Override
    public List<DeliveryResult> deliver(DeliveryBatch batch) {
        CrmMapping mapping = mappings.crm(id()).orElseThrow();
        boolean upserts = portals.properties(batch.tenant()).upserts();
        List<DeliveryResult> results = new ArrayList<>();
        // New calls go to HubSpot together (batch/upsert, or batch/create, 100 at a time); everything else one by one.
        List<Prepared> creates = new ArrayList<>();
        List<DeliveryItem> oneByOne = new ArrayList<>();
        for (DeliveryItem item : batch.items()) {
            if (item.isActivity() && !item.isUpdate() && (upserts || batch.items().size() > 1)) {
                try {
                    Object prepared = prepare(batch.tenant(), mapping, item);
                    if (prepared instanceof Prepared p) {
                        creates.add(p);
                    } else {
                        results.add((DeliveryResult) prepared);
                    }
                } catch (HubspotPortals.TokenRefused e) {
                    results.add(DeliveryResult.failed(item, Kind.AUTH, null, e.reply.status(), e.reply.body(), e.getMessage(), null));
                }
            } else {
                oneByOne.add(item);
            }
        }
        results.addAll(new DeliveryBatch(batch.tenant(), batch.crm(), oneByOne).sendEach(item -> {
            try {
                return deliverOne(batch.tenant(), mapping, item);
            } catch (HubspotPortals.TokenRefused e) {
                return DeliveryResult.failed(item, Kind.AUTH, null, e.reply.status(), e.reply.body(), e.getMessage(), null);
            }
        }));
        for (int from = 0; from < creates.size(); from += BATCH_LIMIT) {
            List<Prepared> chunk = creates.subList(from, Math.min(creates.size(), from + BATCH_LIMIT));
            DeliveryResult throttled = results.stream().filter(r -> r.kind() == Kind.THROTTLED).findFirst().orElse(null);
            if (throttled != null) {
                // HubSpot asked for no more requests: the rest wait with the throttled one, unsent.
                chunk.forEach(p -> results.add(DeliveryResult.notSent(p.item(), Kind.THROTTLED, "not sent: HubSpot's rate limit was reached earlier in this batch", throttled.retryAfter())));
                continue;
            }
            try {
                results.addAll(upserts ? upsertTogether(batch.tenant(), chunk)
                        : chunk.size() == 1 ? List.of(send(batch.tenant(), chunk.get(0))) : createTogether(batch.tenant(), chunk));
            } catch (HubspotPortals.TokenRefused e) {
                chunk.forEach(p -> results.add(DeliveryResult.failed(p.item(), Kind.AUTH, null, e.reply.status(), e.reply.body(),
                        e.getMessage(), null)));
            } catch (HubspotPortals.HubspotUnreachable e) {
                chunk.forEach(p -> results.add(DeliveryResult.notSent(p.item(), Kind.TRANSIENT, "cannot reach HubSpot: " + e.getMessage())));
            }
        }
        return results;
    }

    /**
     * {@code POST /crm/v3/objects/calls/batch/upsert} on the call-key property: a call HubSpot already has (written
     * by an attempt whose answer was lost) is updated, not added again. Upsert inputs carry no associations, so each
     * call is then linked to its contact with the default association ({@code PUT /crm/v4/objects/calls/{id}/
     * associations/default/contacts/{contactId}}), which is idempotent too; a failed link is retried, upsert and all.
     */
    private List<DeliveryResult> upsertTogether(String tenant, List<Prepared> chunk) {
        String property = portals.properties(tenant).callIdProperty();
        ObjectNode request = json.createObjectNode();
        ArrayNode inputs = request.putArray("inputs");
        Map<String, Prepared> byTrace = new java.util.LinkedHashMap<>();
        Map<String, String> traceByKey = new java.util.HashMap<>();
        for (Prepared p : chunk) {
            String trace = String.valueOf(p.item().outboxId());
            String key = ExternalIds.of(p.item().event(), p.item().action(), HubspotProperties.CALL_KEY_MAX);
            byTrace.put(trace, p);
            traceByKey.put(key, trace);
            ObjectNode input = inputs.addObject();
            input.put("idProperty", property).put("id", key).put("objectWriteTraceId", trace);
            input.set("properties", ((ObjectNode) p.body().get("properties").deepCopy()).put(property, key));
        }
        String body = request.toString();
        HttpReply reply = portals.call(tenant, "POST", CALLS + "/batch/upsert", null, body);
        List<DeliveryResult> results = new ArrayList<>();
        if (reply.status() != 200 && reply.status() != 201 && reply.status() != 207) {
            chunk.forEach(p -> results.add(classify(p.item(), body, reply)));
            return results;
        }
        JsonNode answer = readTree(reply.body());
        for (JsonNode r : answer.path("results")) {
            String trace = r.hasNonNull("objectWriteTraceId") ? r.get("objectWriteTraceId").asText()
                    : traceByKey.get(r.path("properties").path(property).asText());
            Prepared p = trace == null ? null : byTrace.remove(trace);
            if (p != null) {
                results.add(associate(tenant, p, r.path("id").asText(), reply.status(), r.toString(), r.path("new").asBoolean(true)));
            }
        }
        results.addAll(batchErrors(answer, byTrace, reply.status()));
        byTrace.values().forEach(p -> results.add(DeliveryResult.failed(p.item(), Kind.TRANSIENT, p.body().toString(), reply.status(),
                null, "HubSpot's batch answer did not mention this call; it is sent again", null)));
        return results;
    }

    /** Links a written call to its contact (when one was found); the call's result is the link's when the link fails. */
    private DeliveryResult associate(String tenant, Prepared p, String callId, int status, String response, boolean created) {
        // Worth telling support when it happens: an earlier attempt had written the call and its answer was lost.
        String how = created ? null : "upserted onto the call already written for this dialer call";
        if (!p.who().found()) {
            return DeliveryResult.done(p.item(), callId, p.body().toString(), status, response).noting(how).noting(p.who().note("contact"));
        }
        HttpReply link = portals.call(tenant, "PUT", "/crm/v4/objects/calls", PathSegments.slash(callId) + "/associations/default/contacts"
                + PathSegments.slash(p.who().id()), null);
        if (link.status() < 200 || link.status() >= 300) {
            DeliveryResult failed = classify(p.item(), p.body().toString(), link);
            return DeliveryResult.failed(p.item(), failed.kind(), failed.request(), failed.httpStatus(), failed.response(),
                    "call " + callId + " written, but linking it to contact " + p.who().id() + " failed: " + failed.detail(),
                    failed.retryAfter());
        }
        return DeliveryResult.done(p.item(), callId, p.body().toString(), status, response).noting(how).noting(p.who().note("contact"));
    }

    private JsonNode readTree(String body) {
        try {
            return body == null ? json.createObjectNode() : json.readTree(body);
        } catch (java.io.IOException e) {
            return json.createObjectNode();
        }
    }

    /** HubSpot takes at most 100 inputs per batch (its CLI guidance and community answers; the spec sets no maximum). */
    static final int BATCH_LIMIT = 100;

    /** A call ready to send: the JSON body and who it is linked to. */
    private record Prepared(DeliveryItem item, ObjectNode body, PersonMatch who) {
    }

    /** The call's request, or the result that makes sending it moot (skipped, unknown outcome, failed lookup). */
    private Object prepare(String tenant, CrmMapping mapping, DeliveryItem item) {
        try {
            Object rendered = callProperties(tenant, mapping, item, false);
            if (!(rendered instanceof ObjectNode properties)) {
                return rendered;
            }
            PersonMatch who = people.find(tenant, item.event());
            ObjectNode body = json.createObjectNode();
            body.set("properties", properties);
            ArrayNode associations = body.putArray("associations");
            if (who.found()) {
                ObjectNode a = associations.addObject();
                a.putObject("to").put("id", who.id());
                a.putArray("types").addObject().put("associationCategory", "HUBSPOT_DEFINED")
                        .put("associationTypeId", portals.properties(tenant).associationTypeId());
            }
            return new Prepared(item, body, who);
        } catch (HubspotPortals.DispositionsUnavailable e) {
            return classify(item, null, e.reply);
        } catch (HubspotPeople.LookupFailed e) {
            return classify(item, null, e.reply);
        } catch (HubspotPortals.HubspotUnreachable e) {
            return DeliveryResult.notSent(item, Kind.TRANSIENT, "cannot reach HubSpot: " + e.getMessage());
        }
    }

    /**
     * The call's HubSpot properties (disposition label already swapped for the portal's GUID), or the
     * result that ends delivery: skipped by the mapping, or an outcome this portal does not have.
     */
    private Object callProperties(String tenant, CrmMapping mapping, DeliveryItem item, boolean update) {
        ActivityRenderer.Rendering rendering = ActivityRenderer.render(item.event(), mapping, update);
        if (rendering instanceof ActivityRenderer.Skip skip) {
            return DeliveryResult.skipped(item, skip.reason());
        }
        ObjectNode properties = json.createObjectNode();
        ((ActivityRenderer.Activity) rendering).fields().forEach((name, value) -> properties.put(name, String.valueOf(value)));
        Optional<DeliveryResult> unknownOutcome = resolveDisposition(tenant, properties, item);
        return unknownOutcome.isPresent() ? unknownOutcome.get() : properties;
    }

    /** Replaces the disposition label with the portal's GUID; a label the portal lacks is a permanent failure. */
    private Optional<DeliveryResult> resolveDisposition(String tenant, ObjectNode properties, DeliveryItem item) {
        if (!properties.has(DISPOSITION)) {
            return Optional.empty();
        }
        String label = properties.get(DISPOSITION).asText();
        Optional<String> guid = portals.dispositionGuid(tenant, label);
        if (guid.isEmpty()) {
            return Optional.of(DeliveryResult.notSent(item, Kind.PERMANENT, "this HubSpot portal has no call outcome '"
                    + label + "': add it in HubSpot (Call outcomes) or change mappings/crms/hubspot.yaml"));
        }
        properties.put(DISPOSITION, guid.get());
        return Optional.empty();
    }

    private DeliveryResult send(String tenant, Prepared p) {
        String request = p.body().toString();
        return classify(p.item(), request, portals.call(tenant, "POST", CALLS, null, request)).noting(p.who().note("contact"));
    }

    /**
     * {@code POST /crm/v3/objects/calls/batch/create}: each input carries its outbox id as {@code objectWriteTraceId},
     * and HubSpot echoes it on each result and on each error's context, so every item gets its own answer. An item
     * the answer does not mention is retried rather than assumed written.
     */
    private List<DeliveryResult> createTogether(String tenant, List<Prepared> chunk) {
        ObjectNode request = json.createObjectNode();
        ArrayNode inputs = request.putArray("inputs");
        Map<String, Prepared> byTrace = new java.util.LinkedHashMap<>();
        for (Prepared p : chunk) {
            String trace = String.valueOf(p.item().outboxId());
            byTrace.put(trace, p);
            inputs.add(p.body().deepCopy().put("objectWriteTraceId", trace));
        }
        String body = request.toString();
        HttpReply reply = portals.call(tenant, "POST", CALLS + "/batch/create", null, body);
        List<DeliveryResult> results = new ArrayList<>();
        if (reply.status() != 201 && reply.status() != 207) {
            chunk.forEach(p -> results.add(classify(p.item(), p.body().toString(), reply)));
            return results;
        }
        JsonNode answer = readTree(reply.body());
        for (JsonNode r : answer.path("results")) {
            Prepared p = byTrace.remove(r.path("objectWriteTraceId").asText());
            if (p != null) {
                results.add(DeliveryResult.done(p.item(), r.path("id").asText(), p.body().toString(), reply.status(), r.toString())
                        .noting(p.who().note("contact")));
            }
        }
        results.addAll(batchErrors(answer, byTrace, reply.status()));
        byTrace.values().forEach(p -> results.add(DeliveryResult.failed(p.item(), Kind.TRANSIENT, p.body().toString(), reply.status(),
                null, "HubSpot's batch answer did not mention this call; it is sent again", null)));
        return results;
    }

    /** The items a batch answer's errors name (by objectWriteTraceId), each with HubSpot's category; removed from {@code byTrace}. */
    private static List<DeliveryResult> batchErrors(JsonNode answer, Map<String, Prepared> byTrace, int status) {
        List<DeliveryResult> results = new ArrayList<>();
        for (JsonNode error : answer.path("errors")) {
            for (JsonNode trace : error.path("context").path("objectWriteTraceId")) {
                Prepared p = byTrace.remove(trace.asText());
                if (p != null) {
                    String category = error.path("category").asText("");
                    Kind kind = category.startsWith("RATE_LIMIT") ? Kind.THROTTLED
                            : category.contains("UNAVAILABLE") || category.contains("INTERNAL") ? Kind.TRANSIENT : Kind.PERMANENT;
                    results.add(DeliveryResult.failed(p.item(), kind, p.body().toString(), status, error.toString(),
                            category + ": " + error.path("message").asText(), kind == Kind.THROTTLED ? Duration.ofSeconds(10) : null));
                }
            }
        }
        return results;
    }

    private DeliveryResult deliverOne(String tenant, CrmMapping mapping, DeliveryItem item) {
        if (item.isDoNotContact()) {
            return doNotContact(tenant, item);
        }
        if (!item.isActivity()) {
            return action(tenant, mapping, item);
        }
        if (!item.isUpdate()) {
            Object prepared = prepare(tenant, mapping, item);
            return prepared instanceof Prepared p ? send(tenant, p) : (DeliveryResult) prepared;
        }
        // A later event of a call already written: PATCH that call, no association change.
        try {
            Object rendered = callProperties(tenant, mapping, item, true);
            if (!(rendered instanceof ObjectNode properties)) {
                return (DeliveryResult) rendered;
            }
            ObjectNode body = json.createObjectNode();
            body.set("properties", properties);
            String request = body.toString();
            return classify(item, request, portals.call(tenant, "PATCH", CALLS, PathSegments.slash(item.crmRecordId()), request));
        } catch (HubspotPortals.DispositionsUnavailable e) {
            return classify(item, null, e.reply);
        } catch (HubspotPortals.HubspotUnreachable e) {
            return DeliveryResult.notSent(item, Kind.TRANSIENT, "cannot reach HubSpot: " + e.getMessage());
        }
    }

    /** HUBSPOT_DEFINED association from an object the actions create to the contact (HubSpot's client libraries). */
    private static final Map<String, Integer> TO_CONTACT = Map.of("tasks", 204, "notes", 202, "calls", 194);

    /**
     * An outcome action from the mapping file: a new object (a follow-up task) associated to the contact, or an
     * update of the contact's properties (its lead status).
     */
    private DeliveryResult action(String tenant, CrmMapping mapping, DeliveryItem item) {
        CrmMapping.ActionSpec spec = mapping.actions().get(item.action());
        ActivityRenderer.Rendering rendering = ActivityRenderer.renderAction(item.event(), mapping, item.action());
        if (rendering instanceof ActivityRenderer.Skip skip) {
            return DeliveryResult.skipped(item, skip.reason());
        }
        ObjectNode properties = json.createObjectNode();
        ((ActivityRenderer.Activity) rendering).fields().forEach((name, value) -> properties.put(name, String.valueOf(value)));
        try {
            PersonMatch who = people.find(tenant, item.event());
            ObjectNode body = json.createObjectNode();
            body.set("properties", properties);
            if (spec.createsRecord()) {
                ArrayNode associations = body.putArray("associations");
                if (who.found() && TO_CONTACT.containsKey(spec.object())) {
                    ObjectNode a = associations.addObject();
                    a.putObject("to").put("id", who.id());
                    a.putArray("types").addObject().put("associationCategory", "HUBSPOT_DEFINED")
                            .put("associationTypeId", TO_CONTACT.get(spec.object()));
                }
                HttpReply reply = portals.call(tenant, "POST", "/crm/v3/objects/" + spec.object(), null, body.toString());
                return classify(item, body.toString(), reply).noting(who.note("contact"));
            }
            if (!who.found()) {
                return DeliveryResult.skipped(item, "nobody to update for '" + item.action() + "': the dialer sent no HubSpot id "
                        + "and no contact matched the call's phone or e-mail");
            }
            HttpReply reply = portals.call(tenant, "PATCH", "/crm/v3/objects/contacts", PathSegments.slash(who.id()), body.toString());
            DeliveryResult result = classify(item, body.toString(), reply);
            return result.kind() == Kind.DONE
                    ? new DeliveryResult(result.outboxId(), Kind.DONE, who.id(), result.request(), result.httpStatus(), result.response(),
                            null, null).noting(String.join(", ", HttpReply.names(properties)) + " set on contact " + who.id())
                    : result;
        } catch (HubspotPeople.LookupFailed e) {
            return classify(item, null, e.reply);
        } catch (HubspotPortals.HubspotUnreachable e) {
            return DeliveryResult.notSent(item, Kind.TRANSIENT, "cannot reach HubSpot: " + e.getMessage());
        }
    }


    /** The locked compliance action: the configured do-not-call property on the contact. */
    private DeliveryResult doNotContact(String tenant, DeliveryItem item) {
        try {
            PersonMatch who = people.find(tenant, item.event());
            if (!who.found()) {
                return DeliveryResult.notSent(item, Kind.PERMANENT, "no contact to flag do-not-call: the dialer "
                        + "sent no HubSpot id and none matched the call's phone or e-mail");
            }
            String property = portals.properties(tenant).doNotCallProperty();
            ObjectNode body = json.createObjectNode();
            body.putObject("properties").put(property, "true");
            HttpReply reply = portals.call(tenant, "PATCH", "/crm/v3/objects/contacts", PathSegments.slash(who.id()), body.toString());
            DeliveryResult result = classify(item, body.toString(), reply);
            return result.kind() == Kind.DONE
                    ? new DeliveryResult(result.outboxId(), Kind.DONE, who.id(), result.request(), result.httpStatus(), result.response(),
                            null, null).noting(property + " set on contact " + who.id())
                    : result;
        } catch (HubspotPeople.LookupFailed e) {
            return classify(item, null, e.reply);
        } catch (HubspotPortals.HubspotUnreachable e) {
            return DeliveryResult.notSent(item, Kind.TRANSIENT, "cannot reach HubSpot: " + e.getMessage());
        }
    }

    @Override
    public dev.dispositions.gateway.crm.InstallCheck check(String tenant) {
        var check = new dev.dispositions.gateway.crm.InstallCheck();
        CrmMapping mapping = mappings.crm(id()).orElseThrow();
        try {
            for (String label : new java.util.TreeSet<>(mapping.outcomes().values())) {
                if (portals.dispositionGuid(tenant, label).isPresent()) {
                    check.pass("call outcome", "'" + label + "' exists in the portal");
                } else {
                    check.fail("call outcome", "the portal has no call outcome labelled '" + label + "' (mappings/crms/hubspot.yaml)");
                }
            }
            check.pass("credentials", "the portal's call outcomes were read with the access token");
            checkProperties(check, tenant, "calls", mapping.activity().fields());
            HubspotProperties settings = portals.properties(tenant);
            if (settings.upserts()) {
                String key = settings.callIdProperty();
                Map<String, java.util.Set<String>> calls = properties(tenant, "calls");
                if (!calls.containsKey(key)) {
                    check.fail("idempotency", "'" + key + "' is not in the call properties (create it as a single-line text property "
                            + "with unique values, or set call-id-property empty)");
                } else if (!uniqueProperties(tenant, "calls").contains(key)) {
                    check.fail("idempotency", "the call property '" + key + "' does not require unique values, so HubSpot cannot "
                            + "upsert on it: turn on \"Require unique values\"");
                } else {
                    check.pass("idempotency", key + " exists with unique values");
                }
            }
            String contactsProperty = portals.properties(tenant).doNotCallProperty();
            Map<String, java.util.Set<String>> contacts = properties(tenant, "contacts");
            check.require("do-not-contact", contacts.keySet(), contactsProperty, "the contact properties");
            mapping.actions().forEach((name, action) -> {
                if (action.createsRecord()) {
                    checkProperties(check, tenant, action.object(), action.fields());
                } else {
                    action.fields().forEach((field, spec) -> {
                        check.require("contact property", contacts.keySet(), field, "the contact properties");
                        java.util.Set<String> options = contacts.getOrDefault(field, java.util.Set.of());
                        if (!options.isEmpty() && spec.values() != null) {
                            spec.values().values().forEach(v -> check.require("contact." + field + " option", options,
                                    String.valueOf(v), "the options of " + field));
                        }
                    });
                }
            });
        } catch (HubspotPortals.DispositionsUnavailable e) {
            check.fail("credentials", "reading the portal's call outcomes answered " + describe(e.reply));
        } catch (HubspotPortals.HubspotUnreachable | PropertiesUnavailable | HubspotPortals.TokenRefused e) {
            check.fail("credentials", e.getMessage());
        }
        return check;
    }

    private void checkProperties(dev.dispositions.gateway.crm.InstallCheck check, String tenant, String object,
                                 Map<String, CrmMapping.FieldSpec> fields) {
        Map<String, java.util.Set<String>> known = properties(tenant, object);
        fields.keySet().forEach(f -> check.require(object + " property", known.keySet(), f, "the " + object + " properties"));
    }

    /** Property name → its options (empty for free text), from {@code GET /crm/v3/properties/<object>}. */
    private Map<String, java.util.Set<String>> properties(String tenant, String object) {
        HttpReply reply = portals.call(tenant, "GET", "/crm/v3/properties/" + object, null, null);
        if (reply.status() != 200) {
            throw new PropertiesUnavailable("reading the " + object + " properties answered " + describe(reply));
        }
        Map<String, java.util.Set<String>> out = new java.util.TreeMap<>();
        try {
            for (JsonNode p : json.readTree(reply.body()).path("results")) {
                java.util.Set<String> options = new java.util.TreeSet<>();
                p.path("options").forEach(o -> options.add(o.path("value").asText()));
                out.put(p.path("name").asText(), options);
            }
        } catch (java.io.IOException e) {
            throw new PropertiesUnavailable("the " + object + " properties are not JSON");
        }
        return out;
    }

    /** The names of the object's properties whose values HubSpot keeps unique ({@code hasUniqueValue}). */
    private java.util.Set<String> uniqueProperties(String tenant, String object) {
        HttpReply reply = portals.call(tenant, "GET", "/crm/v3/properties/" + object, null, null);
        java.util.Set<String> unique = new java.util.TreeSet<>();
        readTree(reply.body()).path("results").forEach(p -> {
            if (p.path("hasUniqueValue").asBoolean(false)) {
                unique.add(p.path("name").asText());
            }
        });
        return unique;
    }

    private static final class PropertiesUnavailable extends RuntimeException {
        PropertiesUnavailable(String message) {
            super(message, null, false, false);
        }
    }

    DeliveryResult classify(DeliveryItem item, String request, HttpReply reply) {
        int status = reply.status();
        if (status >= 200 && status < 300) {
            String id = item.isUpdate() ? item.crmRecordId() : HttpReply.field(reply.body(), "id");
            return DeliveryResult.done(item, id, request, status, reply.body());
        }
        String detail = describe(reply);
        if (status == 429) {
            return DeliveryResult.failed(item, Kind.THROTTLED, request, status, reply.body(), detail, throttleWait(reply));
        }
        Kind kind = status == 401 || status == 403 ? Kind.AUTH
                : status >= 500 || status == 408 || status == 0 ? Kind.TRANSIENT : Kind.PERMANENT;
        return DeliveryResult.failed(item, kind, request, status, reply.body(), detail, null);
    }

    /**
     * HubSpot names the limit it hit: the daily one resets at the portal's midnight (an hour's wait is the most
     * the policy allows anyway); the ten-secondly one is over within its interval.
     */
    private Duration throttleWait(HttpReply reply) {
        String retryAfter = reply.header("Retry-After");
        if (retryAfter != null && retryAfter.trim().matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
        }
        if ("DAILY".equals(HttpReply.field(reply.body(), "policyName"))) {
            return Duration.ofHours(1);
        }
        String interval = reply.header("X-HubSpot-RateLimit-Interval-Milliseconds");
        return interval != null && interval.trim().matches("\\d+") ? Duration.ofMillis(Long.parseLong(interval.trim()))
                : Duration.ofSeconds(10);
    }

    /** HubSpot's error body, in its own words: category, message, correlation id. */
    private String describe(HttpReply reply) {
        String category = HttpReply.field(reply.body(), "category");
        if (category == null) {
            category = HttpReply.field(reply.body(), "errorType");
        }
        String message = HttpReply.field(reply.body(), "message");
        String correlation = HttpReply.field(reply.body(), "correlationId");
        if (message == null) {
            return "HTTP " + reply.status();
        }
        return (category == null ? "" : category + ": ") + message + (correlation == null ? "" : " (correlationId " + correlation + ")");
    }

}
