package dev.dispositions.gateway.mapping;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The words people use for "never call me again", kept in one place. A label that misses its dialer's table but
 * reads like one of these is never a silent fallback (DialerMapping): honouring an opt-out by mistake costs a lead,
 * ignoring one is a TCPA violation (SAMI's outcomes help page, docs/sources.md#sami).
 *
 * <p>Matched as whole words on the label's normal form: the label is split into words (letters, digits and
 * apostrophes; every other character separates), and a phrase matches where its words appear in a row. So
 * "Do-Not-Call", "DNC - wrong person" and "please remove me from the list" match; "DNCR" and "stop" do not.
 */
public final class OptOutPhrases {
    private static final Pattern WORD_SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}']+");

    /** Each phrase as the words it is made of. */
    private static final List<String[]> PHRASES = List.of(
            "do not call", "do not contact", "do not phone", "don't call", "dont call", "don't contact", "dont contact",
            "dnc", "opt out", "opt me out", "opted out", "optout", "opt-out", "unsubscribe", "unsubscribed",
            "remove me", "remove from list", "stop calling", "stop contacting", "take me off", "revoke consent",
            "revoked consent").stream().map(OptOutPhrases::words).toList();

    private OptOutPhrases() {
    }

    public static boolean readLikeAnOptOut(String label) {
        if (label == null) {
            return false;
        }
        String[] words = words(label);
        for (String[] phrase : PHRASES) {
            if (containsInARow(words, phrase)) {
                return true;
            }
        }
        return false;
    }

    /** What an event, and the CRM activity written for it, say when a label was read as an opt-out. */
    public static String treatedAsOptOut(String label) {
        return "treated as an opt-out: label '" + label + "' reads like one";
    }

    private static String[] words(String text) {
        return Arrays.stream(WORD_SEPARATORS.split(LabelNormalForm.of(text))).filter(w -> !w.isEmpty()).toArray(String[]::new);
    }

    private static boolean containsInARow(String[] words, String[] phrase) {
        for (int start = 0; start + phrase.length <= words.length; start++) {
            boolean all = true;
            for (int i = 0; i < phrase.length && all; i++) {
                all = words[start + i].equals(phrase[i]);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }
}
