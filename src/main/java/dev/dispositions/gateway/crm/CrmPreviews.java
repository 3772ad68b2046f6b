package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.delivery.DeliveryBatch;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * A delivery that sends no write: the batch goes through its connector's route as the dispatcher's would, its
 * read-only look-ups are made (or answered from the cache), and each write is kept instead of sent. So what a preview
 * shows is what the plan would send.
 */
@Component
public class CrmPreviews {
    private final ProducerTemplate camel;

    public CrmPreviews(ProducerTemplate camel) {
        this.camel = camel;
    }

    /** The delivery as far as it went without writing: the look-ups made, the writes planned, the items settled without a call. */
    public Delivery preview(DeliveryBatch batch) {
        return preview(batch, null);
    }

    /** The same, rendered with this mapping (a candidate overlay's) instead of the tenant's; null for the tenant's. */
    public Delivery preview(DeliveryBatch batch, dev.dispositions.gateway.mapping.CrmMapping mapping) {
        Exchange done = camel.send(CrmConnector.deliveryEndpoint(batch.crm()), ex -> {
            ex.setProperty(CrmDeliveries.PREVIEW, true);
            if (mapping != null) {
                ex.setProperty(CrmDeliveries.PREVIEW_MAPPING, mapping);
            }
            ex.getMessage().setBody(batch);
        });
        if (done.getException() != null) {
            throw new IllegalStateException("the preview of " + batch.crm() + " failed: " + done.getException().getMessage(), done.getException());
        }
        return done.getProperty(CrmDeliveries.DELIVERY, Delivery.class);
    }
}
