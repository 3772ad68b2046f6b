package dev.dispositions.gateway.ingest;

import dev.dispositions.gateway.config.GatewayProperties;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** {@link WebhookBodyReader} on the URLs that take bodies, for the first dispatch and the one after the body is in. */
@Configuration
public class WebhookBodyReading {

    @Bean
    FilterRegistrationBean<WebhookBodyReader> webhookBodyReader(GatewayProperties properties, HttpEdge edge,
                                                                io.micrometer.core.instrument.MeterRegistry meters) {
        FilterRegistrationBean<WebhookBodyReader> registration = new FilterRegistrationBean<>(new WebhookBodyReader(properties, edge, meters));
        // The admin API's bodies too (a preview, a replay): a slow client holds no thread there either.
        registration.addUrlPatterns("/webhooks/*", "/api/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        registration.setAsyncSupported(true);
        // Last: the other filters see the request once, before its body is read.
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }
}
