package dev.dispositions.gateway.api;

/** A refusal by the gateway's own API (not a webhook): status, stable reason code, a sentence. */
public class ApiProblem extends RuntimeException {
    private final int status;
    private final String reason;

    public ApiProblem(int status, String reason, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }
}
