package dev.dispositions.gateway.crm.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.crm.CrmConnector;
import dev.dispositions.gateway.delivery.DeliveryBatch;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.delivery.DeliveryResult.Kind;
import dev.dispositions.gateway.crm.ExternalIds;
import dev.dispositions.gateway.crm.PathSegments;
import dev.dispositions.gateway.crm.PersonIdSyntax;
import dev.dispositions.gateway.crm.PersonMatch;
import dev.dispositions.gateway.mapping.ActivityRenderer;
import dev.dispositions.gateway.mapping.CrmMapping;
import dev.dispositions.gateway.mapping.MappingCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.springframework.stereotype.Component;

/**
 * Writes each call as a Salesforce Task through camel-salesforce ({@code createSObject}), and classifies every
 * failure by Salesforce's own status and error codes (docs/sources.md#salesforce-errors). The component itself re-logs in once on
 * a 401; what still fails here is reported, never thrown.
 */
@Component
public class SalesforceConnector implements CrmConnector {
    private static final Set<String> THROTTLE_CODES = Set.of("REQUEST_LIMIT_EXCEEDED");
    private static final Set<String> AUTH_CODES = Set.of("INVALID_SESSION_ID", "INVALID_AUTH_HEADER");
    private static final Set<String> TRANSIENT_CODES = Set.of("UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE");

    private final ProducerTemplate producer;
    private final SalesforceComponents components;
    private final MappingCatalog mappings;
    private final ObjectMapper json;

    private final PersonMatch.Finder people;

    private final dev.dispositions.gateway.crm.CrmMetrics metrics;

    public SalesforceConnector(ProducerTemplate producer, SalesforceComponents components, MappingCatalog mappings,
                               ObjectMapper json, SalesforcePeople search, java.time.Clock clock,
                               dev.dispositions.gateway.crm.CrmMetrics metrics) {
        this.metrics = metrics;
        this.producer = producer;
        this.components = components;
        this.mappings = mappings;
        this.json = json;
        this.people = new PersonMatch.Finder(SalesforceComponents.CRM, PERSON_IDS, search, clock);
    }

    /** Salesforce record ids: 15 characters, case-sensitive, or the 18-character form with its checksum suffix. */
    private static final PersonIdSyntax PERSON_IDS = new PersonIdSyntax(java.util.regex.Pattern.compile("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}"),
            "15 or 18 letters and digits");

    @Override
    public PersonIdSyntax personIds() {
        return PERSON_IDS;
    }

    @Override
    public String id() {
        return SalesforceComponents.CRM;
    }

    @Override
    public List<DeliveryResult> deliver(DeliveryBatch batch) {
        CrmMapping mapping = mappings.crm(id()).orElseThrow();
        SalesforceProperties settings = components.properties(batch.tenant());
        return batch.sendEach(item -> deliverOne(batch.tenant(), settings, mapping, item));
    }

    private DeliveryResult deliverOne(String tenant, SalesforceProperties settings, CrmMapping mapping, DeliveryItem item) {
        if (item.isDoNotContact()) {
            return doNotContact(tenant, settings, item);
        }
        if (!item.isActivity()) {
            return action(tenant, settings, mapping, item);
        }
        var event = item.event();
        PersonMatch who = PersonMatch.NONE;
        boolean ignored = event.outcome() != null && mapping.ignore().containsKey(event.outcome().name());
        if (!item.isUpdate() && !ignored) {
            try {
                who = people.find(tenant, event);
            } catch (SalesforcePeople.LookupFailed e) {
                return classify(item, null, e.getCause());
            }
            if (who.found()) {
                event = event.withProspectCrmId(id(), who.id());
            }
        }
        return write(tenant, settings, mapping, item, event).noting(who.note("Contact or Lead"));
    }

    private DeliveryResult write(String tenant, SalesforceProperties settings, CrmMapping mapping, DeliveryItem item,
                                 dev.dispositions.gateway.canonical.CanonicalDisposition event) {
        ActivityRenderer.Rendering rendering = ActivityRenderer.render(event, mapping, item.isUpdate());
        if (rendering instanceof ActivityRenderer.Skip skip) {
            return DeliveryResult.skipped(item, skip.reason());
        }
        ActivityRenderer.Activity activity = (ActivityRenderer.Activity) rendering;
        // A later event of a call already written updates that Task: one activity per call.
        if (item.isUpdate()) {
            return sendSObject(tenant, settings, item, "updateSObject", activity.object(), item.crmRecordId(), activity.fields());
        }
        return createOrUpsert(tenant, settings, item, activity.object(), activity.fields());
    }

    /**
     * A new record: upserted on the external-id field when one is configured (the key is the call's, so a retry after
     * a lost answer finds the record it wrote), else created.
     */
    private DeliveryResult createOrUpsert(String tenant, SalesforceProperties settings, DeliveryItem item, String object,
                                          Map<String, Object> fields) {
        if (!settings.upserts()) {
            return sendSObject(tenant, settings, item, "createSObject", object, null, fields);
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>(fields);
        body.remove(settings.externalIdField()); // the key travels in the URL; Salesforce refuses it twice
        String key = ExternalIds.of(item.event(), item.action(), SalesforceProperties.EXTERNAL_ID_MAX);
        return send(tenant, settings, item, "upsertSObject", object, null, key, body);
    }

    /**
     * An outcome action from the mapping file: a new record linked to the person (a follow-up Task, with WhoId from
     * the mapping), or an update of the person (a Lead's Status), for the person types the action names.
     */
    private DeliveryResult action(String tenant, SalesforceProperties settings, CrmMapping mapping, DeliveryItem item) {
        CrmMapping.ActionSpec spec = mapping.actions().get(item.action());
        PersonMatch who;
        try {
            who = people.find(tenant, item.event());
        } catch (SalesforcePeople.LookupFailed e) {
            return classify(item, null, e.getCause());
        }
        var event = who.found() ? item.event().withProspectCrmId(id(), who.id()) : item.event();
        ActivityRenderer.Rendering rendering = ActivityRenderer.renderAction(event, mapping, item.action());
        if (rendering instanceof ActivityRenderer.Skip skip) {
            return DeliveryResult.skipped(item, skip.reason());
        }
        Map<String, Object> fields = ((ActivityRenderer.Activity) rendering).fields();
        if (spec.createsRecord()) {
            return createOrUpsert(tenant, settings, item, spec.object(), fields).noting(who.note("Contact or Lead"));
        }
        if (!who.found()) {
            return DeliveryResult.skipped(item, "nobody to update for '" + item.action() + "': the dialer sent no Salesforce id "
                    + "and no Contact or Lead matched the call's phone or e-mail");
        }
        String type = who.type() != null ? who.type() : who.id().startsWith("00Q") ? "Lead" : "Contact";
        if (!spec.personTypes().isEmpty() && !spec.personTypes().contains(type)) {
            return DeliveryResult.skipped(item, "'" + item.action() + "' applies to " + String.join(", ", spec.personTypes())
                    + "; the person is a " + type);
        }
        return sendSObject(tenant, settings, item, "updateSObject", type, who.id(), fields)
                .noting(String.join(", ", fields.keySet()) + " set on " + type + " " + who.id());
    }

    /** One sObject write through camel-salesforce: create (the new id is the result's) or update {@code sObjectId}. */
    private DeliveryResult sendSObject(String tenant, SalesforceProperties settings, DeliveryItem item, String operation,
                                       String object, String sObjectId, Map<String, Object> fields) {
        return send(tenant, settings, item, operation, object, sObjectId, null, fields);
    }

    /** @param externalId for an upsert: the key's value ({@code operation} names the field) */
    private DeliveryResult send(String tenant, SalesforceProperties settings, DeliveryItem item, String operation,
                                String object, String sObjectId, String externalId, Map<String, Object> fields) {
        String body;
        try {
            body = json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            return DeliveryResult.notSent(item, Kind.PERMANENT, "cannot render: " + e.getOriginalMessage());
        }
        long started = System.nanoTime();
        Exchange reply = producer.send(SalesforceComponents.componentName(tenant) + ":" + operation + "?rawPayload=true&sObjectName="
                + object + "&apiVersion=" + settings.apiVersion()
                + (externalId == null ? "" : "&sObjectIdName=" + settings.externalIdField()), ex -> {
                    ex.getMessage().setBody(body);
                    if (sObjectId != null) {
                        ex.getMessage().setHeader("sObjectId", PathSegments.encode(sObjectId)); // camel-salesforce puts it in the path as is
                    }
                    if (externalId != null) {
                        ex.getMessage().setHeader("sObjectIdValue", externalId); // camel-salesforce URL-encodes this one itself
                    }
                });
        if (reply.getException() != null) {
            SalesforceException refused = find(reply.getException(), SalesforceException.class);
            metrics.request(id(), refused == null ? 0 : refused.getStatusCode(), java.time.Duration.ofNanos(System.nanoTime() - started));
            return classify(item, body, reply.getException());
        }
        Integer status = reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        metrics.request(id(), status == null ? 200 : status, java.time.Duration.ofNanos(System.nanoTime() - started));
        String response = text(reply.getMessage().getBody());
        if (sObjectId != null) {
            return DeliveryResult.done(item, sObjectId, body, status == null ? 204 : status, response);
        }
        // An upsert that updated answers without a body on older API versions: the record is then known by its key.
        String id = recordId(response);
        DeliveryResult done = DeliveryResult.done(item, id, body, status == null ? 201 : status, response);
        boolean updatedExisting = externalId != null && (Boolean.FALSE.equals(created(response)) || (status != null && status == 204));
        // Worth telling support: an earlier attempt had written it and its answer was lost.
        return updatedExisting ? done.noting("upserted onto the " + object + " already written for " + externalId) : done;
    }

    /** The locked compliance action: {@code DoNotCall} (and {@code HasOptedOutOfEmail} for all channels) on the person. */
    private DeliveryResult doNotContact(String tenant, SalesforceProperties settings, DeliveryItem item) {
        PersonMatch who;
        try {
            who = people.find(tenant, item.event());
        } catch (SalesforcePeople.LookupFailed e) {
            return classify(item, null, e.getCause());
        }
        if (!who.found()) {
            return DeliveryResult.notSent(item, Kind.PERMANENT, "no Contact or Lead to flag do-not-call: the "
                    + "dialer sent no Salesforce id and none matched the call's phone or e-mail");
        }
        String object = who.type() != null ? who.type() : who.id().startsWith("00Q") ? "Lead" : "Contact";
        Map<String, Object> flags = new java.util.LinkedHashMap<>();
        flags.put("DoNotCall", true);
        if (settings.doNotContactAllChannels()) {
            flags.put("HasOptedOutOfEmail", true);
        }
        return sendSObject(tenant, settings, item, "updateSObject", object, who.id(), flags)
                .noting(String.join(", ", flags.keySet()) + " set on " + object + " " + who.id()
                        + (who.note("") == null ? "" : " (" + who.matchedBy() + ")"));
    }

    @Override
    public dev.dispositions.gateway.crm.InstallCheck check(String tenant) {
        var check = new dev.dispositions.gateway.crm.InstallCheck();
        SalesforceProperties settings = components.properties(tenant);
        CrmMapping mapping = mappings.crm(id()).orElseThrow();
        Map<String, Map<String, java.util.Set<String>>> described = new java.util.HashMap<>();
        for (String object : new String[] {"Task", "Contact", "Lead"}) {
            Exchange reply = producer.send(SalesforceComponents.componentName(tenant) + ":getDescription?rawPayload=true&sObjectName="
                    + object + "&apiVersion=" + settings.apiVersion(), ex -> { });
            if (reply.getException() != null) {
                DeliveryResult why = classify(new DeliveryItem(0, null, 1, null, null, DeliveryItem.ACTIVITY), null, reply.getException());
                return check.fail(object.equals("Task") ? "credentials" : "describe " + object, why.kind() + ": " + why.detail());
            }
            if (object.equals("Task")) {
                check.pass("credentials", "logged in (" + settings.authentication() + ") and described Task");
            }
            Map<String, java.util.Set<String>> fields = new java.util.TreeMap<>();
            try {
                for (JsonNode f : json.readTree(text(reply.getMessage().getBody())).path("fields")) {
                    java.util.Set<String> values = new java.util.TreeSet<>();
                    f.path("picklistValues").forEach(v -> {
                        if (v.path("active").asBoolean(true)) {
                            values.add(v.path("value").asText());
                        }
                    });
                    fields.put(f.path("name").asText(), values);
                }
            } catch (IOException e) {
                return check.fail("describe " + object, "the description is not JSON");
            }
            described.put(object, fields);
        }
        checkFields(check, described.get("Task"), "Task", mapping.activity().fields());
        if (settings.upserts()) {
            check.require("idempotency", described.get("Task").keySet(), settings.externalIdField(),
                    "Task (create it on Activity as a unique External ID text field, or set external-id-field empty)");
        }
        mapping.actions().forEach((name, action) -> {
            if (action.createsRecord()) {
                checkFields(check, described.getOrDefault(action.object(), Map.of()), action.object(), action.fields());
            } else {
                for (String object : action.personTypes().isEmpty() ? List.of("Contact", "Lead") : action.personTypes()) {
                    checkFields(check, described.getOrDefault(object, Map.of()), object, action.fields());
                }
            }
        });
        for (String object : new String[] {"Contact", "Lead"}) {
            check.require("do-not-contact", described.get(object).keySet(), "DoNotCall", object);
            if (settings.doNotContactAllChannels()) {
                check.require("do-not-contact", described.get(object).keySet(), "HasOptedOutOfEmail", object);
            }
        }
        return check;
    }

    /** Each field exists on the object, and each value the mapping can write into a picklist is one of its values. */
    private static void checkFields(dev.dispositions.gateway.crm.InstallCheck check, Map<String, java.util.Set<String>> described,
                                    String object, Map<String, CrmMapping.FieldSpec> fields) {
        fields.forEach((name, spec) -> {
            check.require(object + " field", described.keySet(), name, object);
            java.util.Set<String> picklist = described.getOrDefault(name, java.util.Set.of());
            if (picklist.isEmpty()) {
                return;
            }
            java.util.Set<String> written = new java.util.TreeSet<>();
            if (spec.value() != null) {
                written.add(String.valueOf(spec.value()));
            }
            if (spec.values() != null) {
                spec.values().values().forEach(v -> written.add(String.valueOf(v)));
            }
            written.forEach(v -> check.require(object + "." + name + " value", picklist, v, "the " + object + "." + name + " picklist"));
        });
    }

    /** Salesforce's answer to a failed write, sorted into the gateway's retry classes. */
    DeliveryResult classify(DeliveryItem item, String request, Throwable failure) {
        SalesforceException sfe = find(failure, SalesforceException.class);
        if (sfe == null) {
            boolean network = find(failure, IOException.class) != null || find(failure, TimeoutException.class) != null;
            return DeliveryResult.failed(item, Kind.TRANSIENT, request, null, null,
                    (network ? "cannot reach Salesforce: " : "unexpected failure: ") + rootMessage(failure), null);
        }
        int status = sfe.getStatusCode();
        List<String> codes = sfe.getErrors() == null ? List.of() : sfe.getErrors().stream().map(RestError::getErrorCode).toList();
        String response = sfe.getErrors() == null || sfe.getErrors().isEmpty() ? null : errorsJson(sfe.getErrors());
        String detail = codes.isEmpty() ? firstLine(sfe.getMessage()) : describe(sfe.getErrors());
        Kind kind;
        if (codes.stream().anyMatch(THROTTLE_CODES::contains) || status == 429) {
            kind = Kind.THROTTLED;
        } else if (isLoginFailure(sfe)) {
            // A token endpoint that refuses (or is not where login-url says) needs an admin; one that is down does not.
            kind = status >= 500 ? Kind.TRANSIENT : Kind.AUTH;
        } else if (status == 401 || codes.stream().anyMatch(AUTH_CODES::contains)) {
            kind = Kind.AUTH;
        } else if (status >= 500 || status == 0 || codes.stream().anyMatch(TRANSIENT_CODES::contains)) {
            kind = Kind.TRANSIENT;
        } else {
            kind = Kind.PERMANENT;
        }
        return DeliveryResult.failed(item, kind, request, status == 0 ? null : status, response, detail, null);
    }

    /** camel-salesforce reports a failed token request as "Login error code:[invalid_client] ..." or "Login error status:[404] ...". */
    private static boolean isLoginFailure(SalesforceException e) {
        String m = e.getMessage();
        return m != null && m.startsWith("Login error");
    }

    private String errorsJson(List<RestError> errors) {
        try {
            return json.writeValueAsString(errors);
        } catch (JsonProcessingException e) {
            return describe(errors);
        }
    }

    private static String describe(List<RestError> errors) {
        return errors.stream().map(e -> e.getErrorCode() + ": " + e.getMessage()).reduce((a, b) -> a + "; " + b).orElse("");
    }

    /** An upsert's {@code created} flag, when Salesforce sent one. */
    private Boolean created(String response) {
        try {
            JsonNode node = response == null || response.isBlank() ? null : json.readTree(response);
            return node != null && node.has("created") ? node.get("created").asBoolean() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private String recordId(String response) {
        try {
            JsonNode node = response == null || response.isBlank() ? null : json.readTree(response);
            return node != null && node.hasNonNull("id") ? node.get("id").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(Object body) {
        try {
            if (body instanceof InputStream in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return body == null ? null : body.toString();
        } catch (IOException e) {
            return null;
        }
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + firstLine(c.getMessage()));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return null;
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
