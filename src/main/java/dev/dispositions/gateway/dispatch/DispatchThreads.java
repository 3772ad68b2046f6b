package dev.dispositions.gateway.dispatch;

import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The threads dispatch lanes run on (routes/dispatch.camel.yaml). */
@Configuration
class DispatchThreads {
    /**
     * Enough for four lanes each of a few busy connectors at once. Lanes of more connectors wait their turn in the
     * queue (their claims renewed meanwhile), and a lane makes way after {@value DispatchLanes#BATCHES_PER_LANE}
     * batches, so no connector's backlog keeps the others waiting long. Camel shuts the pool down with the context.
     * The connection pool (spring.datasource.hikari.maximum-pool-size) is sized for this many at once.
     */
    static final int THREADS = 16;

    @Bean(destroyMethod = "")
    ExecutorService dispatchLaneThreads(CamelContext camel) {
        return camel.getExecutorServiceManager().newFixedThreadPool(this, "dispatch-lane", THREADS);
    }
}
