package dev.dispositions.gateway.dialer;

/**
 * Why a webhook is refused, as the dialer will read it: an HTTP status, a stable reason code
 * ({@code signature_invalid}, {@code missing_field}...), the field at fault when there is one, and a sentence.
 * Never carries a secret or the payload itself.
 */
public class WebhookRejected extends RuntimeException {
    private final int status;
    private final String reason;
    private final String field;

    public WebhookRejected(int status, String reason, String field, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.reason = reason;
        this.field = field;
    }

    public static WebhookRejected unauthorized(String reason, String field, String detail) {
        return new WebhookRejected(401, reason, field, detail);
    }

    public static WebhookRejected malformed(String field, String detail) {
        return new WebhookRejected(400, "malformed_body", field, detail);
    }

    public static WebhookRejected unprocessable(String reason, String field, String detail) {
        return new WebhookRejected(422, reason, field, detail);
    }

    /** Refused because an unmapped label reads like an opt-out and the file or tenant says reject: counted by label. */
    public static final class PossibleOptOut extends WebhookRejected {
        private final String label;

        PossibleOptOut(String field, String label, String detail) {
            super(422, "possible_opt_out", field, detail);
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public String field() {
        return field;
    }
}
