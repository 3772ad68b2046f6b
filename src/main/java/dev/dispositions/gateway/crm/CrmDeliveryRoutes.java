package dev.dispositions.gateway.crm;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.builder.AggregationStrategies;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The last mile to every CRM: one route template, one route per connector ({@code crm-<id>-deliver}, consuming
 * {@code direct:crm-<id>-deliver}). Each round the connector plans is split into its calls; each call goes through
 * the connector's transport to its CRM's endpoint (camel-salesforce, camel-http), once more after a 401 the
 * transport could renew, and its answer is read into results. So Camel's tracing and metrics see every CRM
 * request, and no connector sends anything itself.
 */
@Component
class CrmDeliveryRoutes extends RouteBuilder {
    static final String TEMPLATE = "crm-delivery";
    private static final String STEPS = "crmDeliveries";

    private final List<CrmConnector> connectors;

    CrmDeliveryRoutes(List<CrmConnector> connectors) {
        this.connectors = connectors;
    }

    @Override
    public void configure() {
        routeTemplate(TEMPLATE)
                .templateParameter("crm")
                .templateParameter("parallel", "false")
                .from("direct:crm-{{crm}}-deliver")
                // Failures no step could classify go back to the dispatcher, whose policy records them.
                .errorHandler(noErrorHandler())
                .setProperty(CrmDeliveries.DELIVERY, method(STEPS, "start"))
                .loopDoWhile(method(STEPS, "planNext"))
                    .split(exchangeProperty(CrmDeliveries.CALLS), AggregationStrategies.flexible(Reading.class)
                            .accumulateInCollection(ArrayList.class))
                        .parallelProcessing("{{parallel}}")
                        .setProperty(CrmDeliveries.CALL, body())
                        .setProperty(CrmDeliveries.SEND_AGAIN, constant(true))
                        .loopDoWhile(exchangeProperty(CrmDeliveries.SEND_AGAIN))
                            .bean(STEPS, "prepare")
                            .filter(exchangeProperty(CrmDeliveries.ENDPOINT).isNotNull())
                                .doTry()
                                    .toD("${exchangeProperty." + CrmDeliveries.ENDPOINT + "}")
                                .doCatch(Exception.class)
                                    // kept in CamelExceptionCaught: the transport reads it as the answer
                                .end()
                            .end()
                            .bean(STEPS, "answer")
                        .end()
                        .bean(STEPS, "read")
                    .end()
                    .bean(STEPS, "absorb")
                .end()
                .bean(STEPS, "results");

        for (CrmConnector c : connectors) {
            templatedRoute(TEMPLATE).routeId("crm-" + c.id() + "-deliver")
                    .parameter("crm", c.id())
                    .parameter("parallel", String.valueOf(c.concurrentCalls()));
        }
    }
}
