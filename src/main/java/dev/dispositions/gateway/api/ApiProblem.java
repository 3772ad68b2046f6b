package dev.dispositions.gateway.api;

/** A refusal by the gateway's own API (not a webhook): status, stable reason code, a sentence. */
public class ApiProblem extends RuntimeException {
    private final int status;
    private final String reason;
    private final String field;
    private java.time.Duration retryAfter;
    private java.util.List<?> problems;

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

    /** Sent as Retry-After: when asking again can succeed. */
    public ApiProblem retryAfter(java.time.Duration wait) {
        this.retryAfter = wait;
        return this;
    }

    /** Sent as {@code problems}: every finding when there are several (a mapping's, by path). */
    public ApiProblem problems(java.util.List<?> all) {
        this.problems = all;
        return this;
    }

    public java.util.List<?> problems() {
        return problems;
    }

    public java.time.Duration retryAfter() {
        return retryAfter;
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
