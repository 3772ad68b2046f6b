package dev.dispositions.gateway.canonical;

/**
 * Something the gateway decided about an event that a person should know: shown on the event's timeline, in the
 * admin API, the preview and the console.
 *
 * @param code    stable, for filters and tests: one of the constants below
 * @param message what happened and what to do, in a sentence
 */
public record Warning(String code, String message) {
    /** The label missed the dialer's table and the file's fallback outcome was used. */
    public static final String UNMAPPED_LABEL = "unmapped_label";
    /** The label missed the table but reads like an opt-out: recorded as DO_NOT_CONTACT. */
    public static final String POSSIBLE_OPT_OUT = "possible_opt_out";
    /** The vendor's time was too far in the future or past to order the call by: the receipt time was used. */
    public static final String UNTRUSTED_TIME = "untrusted_time";
    /** The vendor sent a time that could not be read: the receipt time was used. */
    public static final String UNREADABLE_TIME = "unreadable_time";
    /** A free-text fact (notes, campaign, a URL) was longer than its limit: it was cut. */
    public static final String TRUNCATED_TEXT = "truncated_text";
    /** A CRM id the dialer sent does not have that CRM's id syntax: it was dropped. */
    public static final String DROPPED_CRM_ID = "dropped_crm_id";
}
