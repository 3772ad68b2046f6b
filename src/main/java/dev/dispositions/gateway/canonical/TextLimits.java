package dev.dispositions.gateway.canonical;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The longest each free-text fact of a call may be. Free text never refuses a call: a longer value is cut, marked
 * and warned about. (Ids and labels are refused instead: {@link CanonicalValidator}, a dialer file's labels.)
 */
public final class TextLimits {
    public static final int NOTES = 10_000;
    public static final int CAMPAIGN = 255;
    public static final int SENTIMENT = 255;
    public static final int AGENT_ID = 255;
    public static final int RECORDING_URL = 2_048;
    public static final int VENDOR_LABEL = 255;
    public static final int VENDOR_LABELS = 50;
    static final String MARK = "…[truncated]";

    private TextLimits() {
    }

    public static CanonicalDisposition bounded(CanonicalDisposition e) {
        List<Warning> warnings = new ArrayList<>();
        String notes = cut("notes", e.notes(), NOTES, warnings);
        String campaign = cut("campaign", e.campaign(), CAMPAIGN, warnings);
        String list = cut("list", e.list(), CAMPAIGN, warnings);
        String sentiment = cut("sentiment", e.sentiment(), SENTIMENT, warnings);
        String recordingUrl = cut("recordingUrl", e.recordingUrl(), RECORDING_URL, warnings);
        String agentId = cut("agent.id", e.agent().id(), AGENT_ID, warnings);
        String name = cut("prospect.name", e.prospect().name(), CAMPAIGN, warnings);
        String company = cut("prospect.company", e.prospect().company(), CAMPAIGN, warnings);
        Map<String, String> labels = new LinkedHashMap<>();
        e.vendorLabels().forEach((k, v) -> {
            if (labels.size() < VENDOR_LABELS) {
                labels.put(cut("vendorLabels key", k, VENDOR_LABEL, warnings),
                        cut("vendorLabels." + (k.length() > 40 ? k.substring(0, 40) + "…" : k), v, VENDOR_LABEL, warnings));
            }
        });
        if (e.vendorLabels().size() > VENDOR_LABELS) {
            warnings.add(new Warning(Warning.TRUNCATED_TEXT, "truncated vendorLabels: " + e.vendorLabels().size()
                    + " labels, the first " + VENDOR_LABELS + " kept"));
        }
        if (warnings.isEmpty()) {
            return e;
        }
        var p = e.prospect();
        return e.withFreeText(notes, campaign, list, sentiment, recordingUrl, new CanonicalDisposition.Agent(agentId, e.agent().email()),
                new CanonicalDisposition.Prospect(p.crmIds(), p.email(), p.phone(), name, company), labels, warnings);
    }

    private static String cut(String field, String value, int max, List<Warning> warnings) {
        if (value == null || value.length() <= max) {
            return value;
        }
        warnings.add(new Warning(Warning.TRUNCATED_TEXT, "truncated " + field + ": " + value.length() + " characters, the first "
                + (max - MARK.length()) + " kept (at most " + max + ")"));
        int end = max - MARK.length();
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--; // never half of a pair
        }
        return value.substring(0, end) + MARK;
    }
}
