package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.delivery.DeliveryBatch;
import java.util.List;

/**
 * One CRM. Discovered as a Spring bean; its id ties together its package ({@code crm/<id>/}), its mapping file
 * ({@code mappings/crms/<id>.yaml}), its configuration ({@code gateway.tenants.<t>.crms.<id>.*}) and its test
 * stubs ({@code wiremock/<id>/}).
 *
 * <p>The dispatcher sends each due batch to {@code direct:crm-<id>-deliver}; the connector's route answers with
 * {@link #deliver}'s list, one result per item, in any order.
 */
public interface CrmConnector {

    String id();

    /** What this CRM's ids of people look like; a dialer's id that does not match never reaches this connector. */
    PersonIdSyntax personIds();

    /** Writes the batch; never throws for a CRM error, it classifies it into the item's result. */
    List<DeliveryResult> deliver(DeliveryBatch batch);

    /**
     * Checks the tenant's connection before any event is sent: log in, then look up every object, field and value
     * the mapping file and settings use. Never throws: each problem is a failed finding.
     */
    InstallCheck check(String tenant);

    /** The Camel endpoint the dispatcher hands batches to. */
    static String deliveryEndpoint(String crmId) {
        return "direct:crm-" + crmId + "-deliver";
    }
}
