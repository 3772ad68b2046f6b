package dev.dispositions.gateway.api;

import dev.dispositions.gateway.crm.CrmRegistry;
import dev.dispositions.gateway.crm.FailedSync;
import dev.dispositions.gateway.crm.FailureHints;
import dev.dispositions.gateway.store.DeadLetters.DeadLetter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** What the API adds to a failed sync for support: the hint naming its fix, and links into the tenant's CRM. */
@Component
class FailureViews {
    private final FailureHints hints;
    private final CrmRegistry crms;

    FailureViews(FailureHints hints, CrmRegistry crms) {
        this.hints = hints;
        this.crms = crms;
    }

    /**
     * What support may set on a dead letter's event.
     *
     * @param personIds what the CRM's person ids look like; null when the connector has no people (a destination)
     * @param outcomes  the outcomes it may become: any canonical one, only DO_NOT_CONTACT once it is that
     */
    public record FixOptions(String personIds, java.util.List<String> outcomes) {
    }

    FixOptions fixOptions(String crm, String outcome) {
        String ids = crms.find(crm).filter(c -> !(c instanceof dev.dispositions.gateway.crm.DestinationConnector))
                .map(c -> c.personIds().description()).orElse(null);
        java.util.List<String> outcomes = "DO_NOT_CONTACT".equals(outcome) ? java.util.List.of("DO_NOT_CONTACT")
                : java.util.Arrays.stream(dev.dispositions.gateway.canonical.Outcome.values()).map(Enum::name).toList();
        return new FixOptions(ids, outcomes);
    }

    DeadLetter withHint(DeadLetter d) {
        return d.withHint(hints.hint(new FailedSync(d.tenant(), d.crm(), d.action(), d.outcome(), d.result(), d.crmError())));
    }

    /** Where support opens a record in the tenant's CRM, or null when the connection does not know its address. */
    String recordUrl(String tenant, String crm, String kind, String recordId) {
        if (recordId == null) {
            return null;
        }
        try {
            return crms.find(crm).map(c -> c.recordUrl(tenant, kind, recordId)).orElse(null);
        } catch (RuntimeException noSettings) {
            return null; // a connector whose tenant is gone has no address to link to
        }
    }

    /**
     * @param personIds the event's prospect ids per CRM
     * @return {@code record} (the delivery's record) and {@code person}, each when known
     */
    Map<String, String> links(String tenant, String crm, String action, String recordId, Map<String, String> personIds) {
        Map<String, String> links = new LinkedHashMap<>();
        String record = recordUrl(tenant, crm, action, recordId);
        if (record != null) {
            links.put("record", record);
        }
        String person = recordUrl(tenant, crm, "person", personIds == null ? null : personIds.get(crm));
        if (person != null) {
            links.put("person", person);
        }
        return links;
    }
}
