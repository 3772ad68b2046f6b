package dev.dispositions.gateway.crm.salesforce;

import dev.dispositions.gateway.crm.CrmConnector;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The last mile to Salesforce: the dispatcher's batches in, one result per item out. */
@Component
class SalesforceRoutes extends RouteBuilder {
    @Override
    public void configure() {
        from(CrmConnector.deliveryEndpoint(SalesforceComponents.CRM)).routeId("crm-salesforce-deliver")
                // Failures the connector could not classify go back to the dispatcher, whose policy records them.
                .errorHandler(noErrorHandler())
                .bean(SalesforceConnector.class, "deliver");
    }
}
