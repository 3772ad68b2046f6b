package dev.dispositions.gateway.ingest;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Warning;
import dev.dispositions.gateway.crm.CrmRegistry;
import dev.dispositions.gateway.crm.PersonIdSyntax;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prospect's CRM ids a dialer sent, each checked against its CRM's syntax. One that does not match is dropped
 * with a warning, never a reason to refuse the call: the connector then finds the person by phone or e-mail, as for
 * a call without an id. So a dialer's id can never steer a CRM request ({@code 00Q…/../../Account/001…?_HttpMethod=
 * DELETE}).
 */
final class CrmIdCheck {
    private static final int QUOTED = 60;
    private static final int MAX_IDS = 20;
    /** An id for a CRM this gateway does not write to is kept for audit, bounded like any text. */
    private static final PersonIdSyntax UNKNOWN_CRM = new PersonIdSyntax(java.util.regex.Pattern.compile("\\p{Print}{1,255}"),
            "at most 255 printable characters");

    private CrmIdCheck() {
    }

    static CanonicalDisposition check(CanonicalDisposition event, CrmRegistry crms) {
        Map<String, String> kept = new LinkedHashMap<>();
        List<Warning> dropped = new ArrayList<>();
        event.prospect().crmIds().forEach((crm, id) -> {
            PersonIdSyntax syntax = crms.find(crm).map(c -> c.personIds()).orElse(UNKNOWN_CRM);
            if (syntax.accepts(id) && kept.size() < MAX_IDS) {
                kept.put(crm, id);
            } else {
                String quoted = id.length() > QUOTED ? id.substring(0, QUOTED) + "…" : id;
                dropped.add(new Warning(Warning.DROPPED_CRM_ID, "dropped prospect.crmIds." + crm + ": '" + quoted + "' is not a "
                        + crm + " id (" + syntax.description() + "); the person is looked up by phone or e-mail instead"));
            }
        });
        return dropped.isEmpty() ? event : event.withProspectCrmIds(kept, dropped);
    }
}
