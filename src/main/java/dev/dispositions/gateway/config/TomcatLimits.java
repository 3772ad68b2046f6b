package dev.dispositions.gateway.config;

import dev.dispositions.gateway.api.ProblemReportValve;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/** Tomcat's own refusals answer with a problem body ({@link ProblemReportValve}). */
@Component
public class TomcatLimits implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        // Tomcat answers a refused TRACE itself, with no body; let it through to Spring MVC (which never echoes it,
        // spring.mvc.dispatch-trace-request) so that it gets a problem body like any other method not allowed.
        factory.addConnectorCustomizers(connector -> connector.setAllowTrace(true));
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }
}
