package dev.dispositions.gateway.crm.bullhorn;

import dev.dispositions.gateway.crm.CrmConnector;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The last mile to Bullhorn: the dispatcher's batches in, one result per item out. */
@Component
class BullhornRoutes extends RouteBuilder {
    @Override
    public void configure() {
        from(CrmConnector.deliveryEndpoint(BullhornSessions.CRM)).routeId("crm-bullhorn-deliver")
                .errorHandler(noErrorHandler())
                .bean(BullhornConnector.class, "deliver");
    }
}
