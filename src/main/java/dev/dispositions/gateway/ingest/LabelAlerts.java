package dev.dispositions.gateway.ingest;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.mapping.DialerMapping;
import dev.dispositions.gateway.mapping.LabelNormalForm;
import dev.dispositions.gateway.mapping.PossibleOptOut;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Labels the gateway had to decide about, counted every time and logged once per tenant, dialer and label (a
 * dialer sending one unmapped label all day must not flood the log): fallbacks, and labels read as opt-outs.
 */
@Component
public class LabelAlerts {
    private static final Logger log = LoggerFactory.getLogger(LabelAlerts.class);
    /** How many distinct labels are remembered as logged; beyond it the oldest may be logged again. */
    private static final int REMEMBERED = 10_000;

    private final MeterRegistry meters;
    private final Set<String> logged = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    }));

    public LabelAlerts(MeterRegistry meters) {
        this.meters = meters;
    }

    /** An accepted event: counts and logs what its label needed. */
    void accepted(CanonicalDisposition e) {
        String unknown = DialerMapping.unmappedLabelOf(e.vendorLabels());
        if (unknown != null) {
            meters.counter("gateway.dialer.unknown_labels", "tenant", e.tenant(), "dialer", e.dialer()).increment();
            if (firstTime(e.tenant(), e.dialer(), unknown)) {
                log.warn("unknown {} label '{}' for tenant {}: recorded as {}; add it to the mapping or the tenant's labels "
                        + "(logged once per label)", e.dialer(), unknown, e.tenant(), e.outcome());
            }
        }
        String optOut = e.vendorLabels().get(DialerMapping.OPT_OUT_INFERRED_FROM);
        if (optOut != null) {
            optOut(e.tenant(), e.dialer(), optOut, PossibleOptOut.DO_NOT_CONTACT);
        }
    }

    /** A webhook refused because its unmapped label reads like an opt-out (the file or tenant says reject). */
    void rejectedOptOut(String tenant, String dialer, String label) {
        optOut(tenant, dialer, label, PossibleOptOut.REJECT);
    }

    private void optOut(String tenant, String dialer, String label, PossibleOptOut policy) {
        meters.counter("gateway.dialer.possible_opt_outs", "tenant", tenant, "dialer", dialer, "policy", policy.written()).increment();
        if (firstTime(tenant, dialer, label)) {
            log.warn("{} label '{}' for tenant {} is not mapped but reads like an opt-out: {}; map it to confirm (logged once per label)",
                    dialer, label, tenant, policy == PossibleOptOut.REJECT ? "refused with 422 possible_opt_out"
                            : "recorded as DO_NOT_CONTACT with the locked do-not-call");
        }
    }

    private boolean firstTime(String tenant, String dialer, String label) {
        return logged.add(tenant + "\u0000" + dialer + "\u0000" + LabelNormalForm.of(label));
    }
}
