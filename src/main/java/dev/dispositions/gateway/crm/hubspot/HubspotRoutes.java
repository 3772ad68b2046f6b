package dev.dispositions.gateway.crm.hubspot;

import dev.dispositions.gateway.crm.CrmConnector;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The last mile to HubSpot: the dispatcher's batches in, one result per item out. */
@Component
class HubspotRoutes extends RouteBuilder {
    @Override
    public void configure() {
        from(CrmConnector.deliveryEndpoint(HubspotPortals.CRM)).routeId("crm-hubspot-deliver")
                .errorHandler(noErrorHandler())
                .bean(HubspotConnector.class, "deliver");
    }
}
