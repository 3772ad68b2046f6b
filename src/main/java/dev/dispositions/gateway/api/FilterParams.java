package dev.dispositions.gateway.api;

import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.store.DeliveryFilter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Reads the filter support sends (query parameters or a bulk request's body), refusing a bad value by name. */
public final class FilterParams {
    static final int MAX_PAGE = 500;

    private FilterParams() {
    }

    /** The filter as support writes it; every member optional. */
    public record Filter(String tenant, String dialer, String crm, String status, String outcome, String reason, String result, String callId,
                  String from, String to, String phone) {
    }

    static DeliveryFilter parse(Filter f) {
        if (f == null) {
            return new DeliveryFilter(null, null, null, null, null, null, null, null, null, null, null);
        }
        return new DeliveryFilter(blankToNull(f.tenant()), blankToNull(f.dialer()), blankToNull(f.crm()),
                oneOf("status", f.status(), DeliveryFilter.STATUSES), oneOf("outcome", f.outcome(),
                        Arrays.stream(Outcome.values()).map(Enum::name).toList()),
                oneOf("reason", f.reason(), DeliveryFilter.REASONS), oneOf("result", f.result(), DeliveryFilter.RESULTS),
                blankToNull(f.callId()), instant("from", f.from()), instant("to", f.to()), phone(f.phone()));
    }

    static int limit(Integer limit, int max) {
        if (limit == null) {
            return Math.min(50, max);
        }
        if (limit < 1 || limit > max) {
            throw new ApiProblem(400, "invalid_parameter", "limit", "limit must be between 1 and " + max);
        }
        return limit;
    }

    static int offset(Integer offset) {
        if (offset == null) {
            return 0;
        }
        if (offset < 0) {
            throw new ApiProblem(400, "invalid_parameter", "offset", "offset must be 0 or more");
        }
        return offset;
    }

    private static String oneOf(String field, String value, List<String> allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new ApiProblem(400, "invalid_parameter", field, field + " must be one of " + allowed + ", not '" + cut(value) + "'");
        }
        return v;
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new ApiProblem(400, "invalid_parameter", field, field + " must be an ISO-8601 instant such as 2026-11-23T14:00:00Z");
        }
    }

    /** Any written form of a number (default region US), as the E.164 the canonical events hold. */
    private static String phone(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String e164 = dev.dispositions.gateway.canonical.PhoneNumbers.toE164(value.trim(), "US");
        if (e164 == null) {
            throw new ApiProblem(400, "invalid_parameter", "phone", "phone must be a phone number, e.g. +14155550100");
        }
        return e164;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static String cut(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
