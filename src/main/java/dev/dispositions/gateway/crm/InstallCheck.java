package dev.dispositions.gateway.crm;

import java.util.ArrayList;
import java.util.List;

/**
 * What a connector verified against its CRM before any event is sent: the credentials, and every object, field and
 * value its mapping file and settings use. Each finding names what was checked and, when it fails, why.
 */
public final class InstallCheck {
    public record Finding(String check, boolean ok, String detail) {
    }

    private final List<Finding> findings = new ArrayList<>();

    public InstallCheck pass(String check, String detail) {
        findings.add(new Finding(check, true, detail));
        return this;
    }

    public InstallCheck fail(String check, String detail) {
        findings.add(new Finding(check, false, detail));
        return this;
    }

    /** Passes when {@code present} contains {@code wanted}, else fails naming what is missing and where it was looked for. */
    public InstallCheck require(String check, java.util.Collection<String> present, String wanted, String where) {
        return present.contains(wanted) ? pass(check, wanted + " exists")
                : fail(check, "'" + wanted + "' is not in " + where + (present.size() <= 30 ? " (there: " + present + ")" : ""));
    }

    public List<Finding> findings() {
        return List.copyOf(findings);
    }

    public boolean ok() {
        return findings.stream().allMatch(Finding::ok);
    }
}
