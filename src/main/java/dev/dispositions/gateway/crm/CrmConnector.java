package dev.dispositions.gateway.crm;

/**
 * One CRM. Discovered as a Spring bean; its id ties together its package ({@code crm/<id>/}), its mapping file
 * ({@code mappings/crms/<id>.yaml}), its configuration ({@code gateway.tenants.<t>.crms.<id>.*}) and its test
 * stubs ({@code wiremock/<id>/}).
 *
 * <p>A connector sends nothing itself. {@link #plan} says which calls a delivery needs next and {@link #read} what
 * each answer means; both only read, so a preview can show exactly what would be sent. The route template in
 * {@link CrmDeliveryRoutes} makes the calls, through the connector's {@link #transport}, round after round until
 * every item of the batch has its result.
 */
public interface CrmConnector {

    String id();

    /** What this CRM's ids of people look like; a dialer's id that does not match never reaches this connector. */
    PersonIdSyntax personIds();

    /** The most rows one delivery of the tenant takes: what the CRM's batch endpoints carry in one request, unless set lower. */
    int batchSize(String tenant);

    /**
     * The delivery's next round: look-ups first (who the person is, what is already written), then writes that
     * carry as many items per call as the CRM allows. Items that need no call are settled in the plan.
     */
    Plan plan(Delivery delivery);

    /** What one answer means: a result for each item of a write (classified: done, throttled, auth, transient, permanent), or facts. */
    Reading read(Delivery delivery, CrmCall call, HttpReply answer);

    CrmTransport transport();

    /** Whether a round's calls may be sent at once (a CRM without batch writes); otherwise one after another. */
    default boolean concurrentCalls() {
        return false;
    }

    /**
     * Checks the tenant's connection before any event is sent: log in, then look up every object, field and value
     * the mapping (the file with the tenant's overlay, or a candidate in a dry run) and settings use. Never throws:
     * each problem is a failed finding.
     */
    InstallCheck check(String tenant, dev.dispositions.gateway.mapping.CrmMapping mapping);

    /**
     * Checks a tenant's settings before the admin API stores them (the configuration's keys, e.g. {@code client-id}):
     * throws naming the key, as the start-up check does for the configuration's tenants; answers them under their
     * canonical names ({@link ConnectorSettings#validate}).
     */
    java.util.Map<String, Object> validateSettings(String prefix, java.util.Map<String, Object> settings);

    /**
     * Whether this id (which {@link #personIds} accepts) names a person in the tenant's CRM, asked before support's
     * edit of an event is stored. A connector that cannot read people by id says so: the edit is refused.
     */
    default PersonCheck checkPerson(String tenant, String personId) {
        return PersonCheck.unknown(id() + " has no people to look up");
    }

    /**
     * One line naming the fix for a failure this CRM answered (a picklist value missing, a required field, a field
     * permission), or null when the connector knows no better than the failure's class ({@link FailureHints}).
     */
    default String hint(FailedSync failure) {
        return null;
    }

    /**
     * Where a support person opens this record in the tenant's CRM, or null when the connection does not know its
     * address.
     *
     * @param object the record's object (Task, Contact, calls, Note...), when known; null for a person of unknown type
     */
    default String recordUrl(String tenant, String object, String recordId) {
        return null;
    }

    /** The Camel endpoint the dispatcher hands batches to. */
    static String deliveryEndpoint(String crmId) {
        return "direct:crm-" + kindOf(crmId) + "-deliver";
    }

    /** The connector a connector id names ({@link dev.dispositions.gateway.delivery.DeliveryBatch#connectorOf}). */
    static String kindOf(String connectorId) {
        return dev.dispositions.gateway.delivery.DeliveryBatch.connectorOf(connectorId);
    }
}
