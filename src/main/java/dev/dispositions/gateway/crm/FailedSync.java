package dev.dispositions.gateway.crm;

/**
 * A delivery that failed for good, as a hint reads it.
 *
 * @param action  {@code activity}, {@code do-not-contact} or an outcome action of the mapping
 * @param outcome the event's canonical outcome, e.g. LEFT_VOICEMAIL
 * @param result  the last attempt's class: PERMANENT, TRANSIENT, AUTH or THROTTLED
 * @param detail  the CRM's own words, as the connector classified them
 */
public record FailedSync(String tenant, String crm, String action, String outcome, String result, String detail) {
    public boolean says(String text) {
        return detail != null && detail.contains(text);
    }
}
