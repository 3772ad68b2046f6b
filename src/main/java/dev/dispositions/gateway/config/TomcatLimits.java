package dev.dispositions.gateway.config;

import dev.dispositions.gateway.api.NoTrace;
import dev.dispositions.gateway.api.ProblemReportValve;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Tomcat's own refusals answer with a problem body ({@link ProblemReportValve}), and TRACE is refused with one
 * ({@link NoTrace}) instead of Tomcat's bodiless 405: on the public port and, through {@link ManagementPort}, on the
 * management port.
 */
@Configuration
public class TomcatLimits {

    @Bean
    static WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemBodiesFromTomcat() {
        return TomcatLimits::customize;
    }

    @Bean
    static FilterRegistrationBean<NoTrace> noTrace() {
        return noTraceFilter();
    }

    static void customize(TomcatServletWebServerFactory factory) {
        // Tomcat refuses TRACE itself, bodiless; let it reach NoTrace, which answers before any servlet could echo it.
        factory.addConnectorCustomizers(connector -> {
            connector.setAllowTrace(true);
            // Tomcat would serve /webhooks/..;/api/connectors as /api/connectors: refused with 400, so that a proxy
            // exposing /webhooks/ alone really exposes nothing else.
            connector.setRejectSuspiciousURIs(true);
        });
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    static FilterRegistrationBean<NoTrace> noTraceFilter() {
        FilterRegistrationBean<NoTrace> registration = new FilterRegistrationBean<>(new NoTrace());
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** The same on the management port's own server (a child context, which the main context's beans do not reach). */
    @org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration(
            value = org.springframework.boot.actuate.autoconfigure.web.ManagementContextType.CHILD, proxyBeanMethods = false)
    public static class ManagementPort {
        @Bean
        static WebServerFactoryCustomizer<TomcatServletWebServerFactory> managementProblemBodies() {
            return TomcatLimits::customize;
        }

        @Bean
        static FilterRegistrationBean<NoTrace> managementNoTrace() {
            return noTraceFilter();
        }
    }
}
