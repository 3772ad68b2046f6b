package dev.dispositions.gateway.canonical;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;

/** Vendors write numbers as people do ("+44 330 818 6690", "(770) 555-1234"); the canonical form is E.164. */
public final class PhoneNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /**
     * The ways people type this E.164 number into a CRM, for finding it there: E.164, international and national
     * formats, and digits alone (national and with the country code). Empty for a number that does not parse.
     */
    public static java.util.List<String> variants(String e164) {
        try {
            var number = UTIL.parse(e164, null);
            java.util.LinkedHashSet<String> v = new java.util.LinkedHashSet<>();
            v.add(UTIL.format(number, PhoneNumberFormat.E164));
            v.add(UTIL.format(number, PhoneNumberFormat.INTERNATIONAL));
            v.add(UTIL.format(number, PhoneNumberFormat.NATIONAL));
            String national = UTIL.getNationalSignificantNumber(number);
            v.add(national);
            v.add(number.getCountryCode() + national);
            return java.util.List.copyOf(v);
        } catch (NumberParseException e) {
            return java.util.List.of();
        }
    }

    /**
     * The number in E.164, or null when it is not a phone number ("anonymous", "client:alice", a SIP URI).
     *
     * @param defaultRegion ISO 3166 region for numbers written without a country code, e.g. "US"
     */
    public static String toE164(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank() || raw.length() > 64) {
            return null;
        }
        try {
            var number = UTIL.parse(raw, defaultRegion);
            return UTIL.isPossibleNumber(number) ? UTIL.format(number, PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }
}
