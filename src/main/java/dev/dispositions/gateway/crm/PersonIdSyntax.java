package dev.dispositions.gateway.crm;

import java.util.regex.Pattern;

/**
 * What an id of a person looks like in one CRM. A dialer's id that does not match is dropped at ingest (the person
 * is then looked up by phone or e-mail), so no id a dialer sends can steer a CRM request: a path traversal or a
 * query string in it never reaches a CRM URL.
 *
 * @param description said to support when an id is dropped, e.g. "15 or 18 letters and digits"
 */
public record PersonIdSyntax(Pattern pattern, String description) {
    public boolean accepts(String id) {
        return id != null && pattern.matcher(id).matches();
    }

    public static PersonIdSyntax digits(int maxLength) {
        return new PersonIdSyntax(Pattern.compile("[0-9]{1," + maxLength + "}"), "digits only (at most " + maxLength + ")");
    }
}
