package dev.dispositions.gateway.api;

import dev.dispositions.gateway.dialer.WebhookRejected;
import dev.dispositions.gateway.ingest.WebhookController.NotReady;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error is {@code application/problem+json} (RFC 9457) with our members {@code reason} (a stable code)
 * and {@code field} (when one is at fault). No stack trace, no payload, no secret ever reaches a response.
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(WebhookRejected.class)
    ResponseEntity<ProblemDetail> rejected(WebhookRejected e, jakarta.servlet.http.HttpServletRequest request) {
        request.setAttribute(dev.dispositions.gateway.metrics.WebhookMetrics.REASON, e.reason());
        ProblemDetail p = problem(e.status(), e.reason(), e.getMessage());
        if (e.field() != null) {
            p.setProperty("field", e.field());
        }
        log.info("webhook refused: {} {}{}", e.status(), e.reason(), e.field() == null ? "" : " (" + e.field() + ")");
        return ResponseEntity.status(e.status()).body(p);
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> api(ApiProblem e) {
        ProblemDetail p = problem(e.status(), e.reason(), e.getMessage());
        if (e.field() != null) {
            p.setProperty("field", e.field());
        }
        if (e.problems() != null) {
            p.setProperty("problems", e.problems());
        }
        var answer = ResponseEntity.status(e.status());
        if (e.retryAfter() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, e.retryAfter().toSeconds())));
        }
        return answer.body(p);
    }

    /** A mapping reload that found problems: every one, by file, path and reason; the files in use stay in use. */
    @ExceptionHandler(dev.dispositions.gateway.mapping.MappingFileException.class)
    ResponseEntity<ProblemDetail> mappings(dev.dispositions.gateway.mapping.MappingFileException e) {
        ProblemDetail p = problem(422, "mapping_invalid", "the mapping files have problems; the files in use are unchanged");
        p.setProperty("problems", e.problems());
        return ResponseEntity.status(422).body(p);
    }

    /** The database is down: nothing was stored, so the dialer must retry later. */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> storage(DataAccessException e) {
        log.error("storage unavailable: {}", e.getMostSpecificCause().toString());
        return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, "30")
                .body(problem(503, "storage_unavailable", "the event was not stored; retry later"));
    }

    /** The gateway is starting or stopping: nothing was stored, so the dialer retries, as for a database outage. */
    @ExceptionHandler(NotReady.class)
    ResponseEntity<ProblemDetail> notReady(NotReady e, jakarta.servlet.http.HttpServletRequest request) {
        request.setAttribute(dev.dispositions.gateway.metrics.WebhookMetrics.REASON, "not_ready");
        return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, String.valueOf(NotReady.RETRY_AFTER_SECONDS))
                .body(problem(503, "not_ready", e.getMessage()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected error", e);
        return ResponseEntity.status(500).body(problem(500, "internal_error",
                "the gateway failed unexpectedly; nothing was acknowledged, so the request may be retried"));
    }

    /** A query parameter or path variable of the wrong type: named, in our words, not Spring's. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException ex, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = ex instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException m ? m.getName()
                : ex.getPropertyName();
        String type = ex.getRequiredType() == null ? "value" : ex.getRequiredType().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        ProblemDetail p = problem(400, "invalid_parameter", name + " must be " + ("long".equals(type) || "integer".equals(type)
                || "int".equals(type) ? "a whole number in range" : "a " + type));
        p.setProperty("field", name);
        return ResponseEntity.status(400).body(p);
    }

    /** An admin body that is not JSON, means two things, or has a value of the wrong type. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(org.springframework.http.converter.HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = ex.getMostSpecificCause();
        String detail = "the body is not a JSON object of the documented shape";
        String field = null;
        if (cause instanceof com.fasterxml.jackson.core.JsonParseException parse && parse.getOriginalMessage() != null
                && parse.getOriginalMessage().startsWith("Duplicate field")) {
            detail = "a key appears twice in one object: " + parse.getOriginalMessage().substring(parse.getOriginalMessage().indexOf('\''));
        } else if (ex.getCause() instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(java.util.stream.Collectors.joining(".")).replace(".[", "[");
            detail = field + " has the wrong type";
        }
        ProblemDetail p = problem(400, "invalid_body", detail);
        if (field != null) {
            p.setProperty("field", field);
        }
        return ResponseEntity.status(400).body(p);
    }

    /** Spring's own errors (unknown path, wrong method...) get a reason code too. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail p && (p.getProperties() == null || !p.getProperties().containsKey("reason"))) {
            p.setProperty("reason", HttpStatus.valueOf(statusCode.value()).name().toLowerCase(java.util.Locale.ROOT));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    static ProblemDetail problem(int status, String reason, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        p.setProperty("reason", reason);
        return p;
    }
}
