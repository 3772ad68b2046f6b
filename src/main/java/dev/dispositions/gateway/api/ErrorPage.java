package dev.dispositions.gateway.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the servlet container sends an error no handler answered (a TRACE, an error raised outside Spring MVC, or
 * {@code /error} asked for directly): a problem body, never Spring Boot's default error JSON or a page.
 */
@RestController
public class ErrorPage implements ErrorController {

    @RequestMapping(path = "/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c && HttpStatus.resolve(c) != null ? HttpStatus.resolve(c) : HttpStatus.NOT_FOUND;
        if (!status.isError()) {
            status = HttpStatus.NOT_FOUND;
        }
        String detail = code == null ? "there is nothing at /error" : switch (status) {
            case METHOD_NOT_ALLOWED -> "this method is not allowed here";
            case NOT_FOUND -> "there is nothing at this path";
            default -> "the request could not be served";
        };
        ProblemDetail p = ProblemResponses.problem(status.value(), status.name().toLowerCase(Locale.ROOT), detail);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
