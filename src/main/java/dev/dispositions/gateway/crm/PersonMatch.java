package dev.dispositions.gateway.crm;

/**
 * Who a call was with in one CRM: the id the dialer sent, else one found by phone, else by e-mail. Found by
 * {@link PersonLookups}; this is how the finding reads.
 *
 * @param id         the person's id in the CRM (null: nobody matched)
 * @param type       the CRM object (Contact, Lead, ClientContact...), when known
 * @param matchedBy  "dialer", "phone +14155550100", "e-mail ada@example.org"
 * @param candidates how many people matched the key that was used (more than one: the rule picked the first)
 */
public record PersonMatch(String id, String type, String matchedBy, int candidates) {

    public static final PersonMatch NONE = new PersonMatch(null, null, null, 0);
    /** How a person the gateway created for an unknown caller's number is matched. */
    public static final String CREATED_FOR = "created for ";

    public boolean found() {
        return id != null;
    }

    /** What the event says about the link: nothing when the dialer named the person. */
    public String note(String what) {
        if (!found()) {
            return "no " + what + " matched the call's phone or e-mail; logged without a person";
        }
        if ("dialer".equals(matchedBy)) {
            return null;
        }
        if (matchedBy != null && matchedBy.startsWith(CREATED_FOR)) {
            return "linked to " + type + " " + id + ", which the gateway created for the caller " + matchedBy.substring(CREATED_FOR.length())
                    + " (the tenant's unknown-person policy)";
        }
        return "linked to " + (type == null ? "" : type + " ") + id + " by " + matchedBy
                + (candidates > 1 ? " (" + candidates + " matched; the rule took the first)" : "");
    }
}
