package dev.dispositions.gateway.api;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error answers (a request line or header it cannot parse or that is over its limits, before any
 * servlet runs) as problem bodies, like every other error of the gateway, instead of Tomcat's HTML page with its
 * version in it.
 */
public class ProblemReportValve extends ErrorReportValve {

    public ProblemReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String reason = known == null ? "http_" + status : known.name().toLowerCase(Locale.ROOT);
        String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail(status)
                + "\",\"reason\":\"" + reason + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response is committed: there is no one left to tell.
        }
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "the request line or a header is malformed, or the headers are over the server's limit";
            case 408 -> "the request was not sent completely in time";
            case 413 -> "the request is over the server's size limit";
            case 414 -> "the request target is over the server's length limit";
            case 431 -> "the request's headers are over the server's size limit";
            case 505 -> "only HTTP/1.1 and HTTP/2 are spoken here";
            default -> "the server refused the request before reading it";
        };
    }
}
