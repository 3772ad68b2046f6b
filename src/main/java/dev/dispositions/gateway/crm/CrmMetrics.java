package dev.dispositions.gateway.crm;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * What connectors report about their CRM: each request's latency and answer class
 * ({@code gateway_crm_request_seconds}, a histogram), token refreshes ({@code gateway_crm_token_refreshes_total}) and
 * the quota the CRM says is left ({@code gateway_crm_quota_remaining}, where the CRM sends it).
 */
@Component
public class CrmMetrics {
    private final MeterRegistry meters;
    private final Map<String, AtomicLong> quotas = new ConcurrentHashMap<>();

    public CrmMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** @param status the HTTP status, 0 when no answer came (a network failure) */
    public void request(String crm, int status, Duration took) {
        String answer = status == 0 ? "none" : (status / 100) + "xx";
        Timer.builder("gateway.crm.request").tag("crm", crm).tag("answer", answer)
                .publishPercentileHistogram().register(meters).record(took);
    }

    /** @param result ok, or refused (the CRM said no: an admin must act) or failed (it could not be asked) */
    public void tokenRefresh(String crm, String tenant, String result) {
        meters.counter("gateway.crm.token.refreshes", "crm", crm, "tenant", tenant, "result", result).increment();
    }

    public void quotaRemaining(String crm, String tenant, long remaining) {
        quotas.computeIfAbsent(crm + "/" + tenant, k -> meters.gauge("gateway.crm.quota.remaining",
                io.micrometer.core.instrument.Tags.of("crm", crm, "tenant", tenant), new AtomicLong(remaining))).set(remaining);
    }
}
