package dev.dispositions.gateway.crm.salesforce;

import dev.dispositions.gateway.crm.FailedSync;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What to do about the Salesforce errors support meets most (docs/sources.md#salesforce-errors), in one line each. */
final class SalesforceHints {
    private static final Pattern PICKLIST = Pattern.compile("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: [^:]*: ([^;\\[]*?)\\s*(?:\\[([^\\]]*)\\])?(?:;|$)");
    private static final Pattern REQUIRED = Pattern.compile("REQUIRED_FIELD_MISSING: [^\\[]*\\[([^\\]]*)\\]");
    private static final Pattern NO_ACCESS = Pattern.compile("INVALID_FIELD_FOR_INSERT_UPDATE: [^:]*: ([^.;]*)");

    private SalesforceHints() {
    }

    static String hint(FailedSync f) {
        String object = "activity".equals(f.action()) ? "Task" : "the " + f.action() + " record";
        Matcher m = PICKLIST.matcher(f.detail() == null ? "" : f.detail());
        if (m.find()) {
            String field = m.group(2) == null || m.group(2).isBlank() ? "the picklist" : m.group(2).trim();
            return "add '" + m.group(1).trim() + "' to " + object + "." + field + ", or map " + (f.outcome() == null ? "the outcome" : f.outcome())
                    + " to an existing value in " + f.tenant() + "'s Salesforce mapping";
        }
        if (f.says("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST")) {
            return "a value this write sets is not in the " + object + " picklist: add it in Salesforce (Setup → Object Manager), or map "
                    + (f.outcome() == null ? "the outcome" : f.outcome()) + " to an existing value in " + f.tenant() + "'s Salesforce mapping";
        }
        m = REQUIRED.matcher(f.detail() == null ? "" : f.detail());
        if (m.find()) {
            return object + " requires " + m.group(1).trim() + " in this org: give it a value in " + f.tenant() + "'s Salesforce mapping "
                    + "(a field with value or from), or make it optional in Salesforce, then replay";
        }
        m = NO_ACCESS.matcher(f.detail() == null ? "" : f.detail());
        if (m.find()) {
            return "the integration user may not write " + m.group(1).trim() + ": grant it edit access to the field (field-level "
                    + "security, or its permission set), or drop the field from " + f.tenant() + "'s Salesforce mapping";
        }
        if (f.says("ENTITY_IS_DELETED") || f.says("INVALID_CROSS_REFERENCE_KEY")) {
            return "the Salesforce record this write names was deleted or merged: set the person's current id on the event (Fix) "
                    + "and replay, or discard";
        }
        if (f.says("invalid_grant") || f.says("expired access/refresh token")) {
            return "Salesforce no longer accepts " + f.tenant() + "'s refresh token (revoked, expired or the user's password changed): "
                    + "connect Salesforce again (Tenants page, or POST /api/tenants/" + f.tenant() + "/crms/salesforce/connect), then replay";
        }
        return null;
    }
}
