package dev.dispositions.gateway.api;

/** A refusal by the gateway's own API (not a webhook): status, stable reason code, a sentence. */
public class ApiProblem extends RuntimeException {
    private final int status;
    private final String reason;
    private final String field;

    public ApiProblem(int status, String reason, String detail) {
        this(status, reason, null, detail);
    }

    /** @param field the request member at fault (a query parameter or a body field) */
    public ApiProblem(int status, String reason, String field, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.reason = reason;
        this.field = field;
    }

    public String field() {
        return field;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }
}
