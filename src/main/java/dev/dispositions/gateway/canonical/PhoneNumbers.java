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
