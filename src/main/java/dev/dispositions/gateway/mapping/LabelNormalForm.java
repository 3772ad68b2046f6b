package dev.dispositions.gateway.mapping;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one form in which outcome labels are compared: dialer files, tenant labels, live states and refinements alike.
 * People type labels by hand, so "Connected — Interested", "connected-interested" and "CONNECTED – INTERESTED " are
 * one label; "NoAnswer" and "No Answer" stay two (nothing is guessed about word boundaries).
 */
public final class LabelNormalForm {
    /** Every dash (Unicode's dash punctuation, and the minus sign) becomes '-'. */
    private static final Pattern DASHES = Pattern.compile("[\\p{Pd}\u2212]");
    /** Typographic and stray apostrophes: left and right single quotes, modifier letter, grave and acute accents. */
    private static final Pattern APOSTROPHES = Pattern.compile("[\u2018\u2019\u02BC\u0060\u00B4]");
    private static final Pattern SPACE_AROUND_JOINERS = Pattern.compile("(?U)\\s*([-/])\\s*");
    private static final Pattern SPACES = Pattern.compile("(?U)[\\s\\p{Z}]+");
    /** Zero-width spaces and joiners, byte-order marks: invisible, pasted along with a label. */
    private static final Pattern INVISIBLE = Pattern.compile("\\p{Cf}");

    private LabelNormalForm() {
    }

    /** Apostrophes unified, NFKC, lower case, dashes unified, no space around '-' or '/', other spaces collapsed, trimmed. */
    public static String of(String label) {
        if (label == null) {
            return null;
        }
        // Apostrophes first: NFKC would split the acute accent (U+00B4) into a space and a combining mark.
        String s = APOSTROPHES.matcher(label).replaceAll("'");
        s = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        s = APOSTROPHES.matcher(s).replaceAll("'"); // and after: NFKC turns a full-width grave accent into U+0060
        s = INVISIBLE.matcher(s).replaceAll("");
        s = DASHES.matcher(s).replaceAll("-");
        s = SPACES.matcher(s).replaceAll(" ");
        s = SPACE_AROUND_JOINERS.matcher(s).replaceAll("$1");
        return s.strip();
    }

    public static boolean same(String a, String b) {
        return a != null && b != null && of(a).equals(of(b));
    }
}
