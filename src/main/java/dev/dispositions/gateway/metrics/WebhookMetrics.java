package dev.dispositions.gateway.metrics;

import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.dialer.DialerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Counts every webhook by tenant, dialer, HTTP status and refusal reason ({@code gateway_webhooks_total}): 401 are
 * signature failures, 422 normalization rejects. A tenant or dialer that is not configured is counted as
 * {@code unknown}, so random URLs cannot grow the number of series.
 */
@Configuration
public class WebhookMetrics implements WebMvcConfigurer, HandlerInterceptor {
    /** Set by the error handler on a refused webhook: its stable reason code. */
    public static final String REASON = "gateway.webhook.reason";

    private final MeterRegistry meters;
    private final TenantDirectory tenants;
    private final DialerRegistry dialers;

    public WebhookMetrics(MeterRegistry meters, TenantDirectory tenants, DialerRegistry dialers) {
        this.meters = meters;
        this.tenants = tenants;
        this.dialers = dialers;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/webhooks/**");
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        @SuppressWarnings("unchecked")
        Map<String, String> vars = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String tenant = vars == null ? null : vars.getOrDefault("tenant", TenantDirectory.DEFAULT_TENANT);
        String dialer = vars == null ? null : vars.get("dialer");
        boolean known = tenant != null && tenants.exists(tenant) && dialer != null && dialers.find(dialer).isPresent();
        Object reason = request.getAttribute(REASON);
        meters.counter("gateway.webhooks", "tenant", known ? tenant : "unknown", "dialer", known ? dialer : "unknown",
                "status", String.valueOf(response.getStatus()), "reason", reason == null ? "none" : reason.toString()).increment();
    }
}
