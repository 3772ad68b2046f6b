package dev.dispositions.gateway.ingest;

import dev.dispositions.gateway.config.GatewayProperties;
import dev.dispositions.gateway.config.TenantDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a request's body without holding a thread while it arrives (Servlet non-blocking IO), then hands the whole
 * body on. A client sending a byte at a time would otherwise hold one of Tomcat's workers for as long as it likes;
 * 180 such clients held 181 of 200. Only bodies that will be read are gathered: a webhook whose tenant, dialer, type
 * or declared size is refused, and an admin request without a key, go on unread (and Tomcat closes the connection
 * after the answer instead of draining it: {@code server.tomcat.max-swallow-size: 0}). Bodies being gathered share a
 * memory budget ({@code gateway.ingest.body-buffer-budget}); beyond it a request is answered 503 at once. A body not
 * complete within {@code gateway.ingest.body-read-timeout} is answered 408.
 */
public class WebhookBodyReader implements Filter {
    static final String BODY = WebhookBodyReader.class.getName() + ".body";
    static final String DISCARDED = WebhookBodyReader.class.getName() + ".discarded";
    private static final Set<String> HAS_BODY = Set.of("POST", "PUT", "PATCH");
    /** A refused request's body is read and thrown away up to this, so that its client gets the answer. */
    private static final int DISCARDED_AT_MOST = 1024 * 1024;

    private final GatewayProperties properties;
    private final HttpEdge edge;
    private final MeterRegistry meters;
    /** Kilobytes of bodies being gathered, at most. */
    private final Semaphore budget;

    public WebhookBodyReader(GatewayProperties properties, HttpEdge edge, MeterRegistry meters) {
        this.properties = properties;
        this.edge = edge;
        this.meters = meters;
        this.budget = new Semaphore((int) Math.max(1, properties.ingest().bodyBufferBudget().toKilobytes()));
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (request.getAttribute(BODY) instanceof byte[] body) {
            // A refused request goes on as it came (its Content-Length says why): nothing will read what was thrown away.
            chain.doFilter(Boolean.TRUE.equals(request.getAttribute(DISCARDED)) ? request : new BufferedBody(request, body), res);
            return;
        }
        long declared = request.getContentLengthLong();
        if (request.getDispatcherType() != DispatcherType.REQUEST || !HAS_BODY.contains(request.getMethod())
                || !request.isAsyncSupported() || declared == 0) {
            chain.doFilter(req, res);
            return;
        }
        if (!worthReading(request)) {
            if (declared > DISCARDED_AT_MOST || declared < 0) {
                chain.doFilter(req, res); // answered at once; the connection is closed, not drained
                return;
            }
            // Refused before its body is read, but let it arrive (discarded, without a thread) so the client hears why.
            AsyncContext async = request.startAsync();
            async.setTimeout(properties.ingest().bodyReadTimeout().toMillis());
            async.addListener(new Ending(() -> { }));
            ServletInputStream in = request.getInputStream();
            in.setReadListener(new Collector(async, in, DISCARDED_AT_MOST, false));
            return;
        }
        int limit = properties.ingest().maxBodyBytes();
        int reserved = (int) Math.max(1, ((declared >= 0 ? declared : limit) + 1023) / 1024);
        if (!budget.tryAcquire(reserved)) {
            answer((HttpServletResponse) res, 503, "busy", "Service Unavailable",
                    "the gateway is reading as many bodies as it can hold; nothing was stored, retry in a moment");
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                budget.release(reserved);
            }
        };
        AsyncContext async = request.startAsync();
        async.setTimeout(properties.ingest().bodyReadTimeout().toMillis());
        async.addListener(new Ending(release));
        ServletInputStream in = request.getInputStream();
        in.setReadListener(new Collector(async, in, limit, true));
    }

    /** Webhooks the edge would accept up to their body; admin requests that carry a key. */
    private boolean worthReading(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/")) {
            return request.getHeader("X-Api-Key") != null || request.getHeader("Authorization") != null;
        }
        String[] parts = path.split("/");
        if (parts.length == 3) {
            return edge.passesBeforeTheBody(TenantDirectory.DEFAULT_TENANT, parts[2], request);
        }
        return parts.length == 4 && edge.passesBeforeTheBody(parts[2], parts[3], request);
    }

    private void answer(HttpServletResponse response, int status, String reason, String title, String detail) throws IOException {
        meters.counter("gateway.webhooks.refused_unread", "status", String.valueOf(status), "reason", reason).increment();
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status);
        response.setHeader("Connection", "close");
        if (status == 503) {
            response.setHeader("Retry-After", "1");
        }
        response.setContentType("application/problem+json");
        response.getOutputStream().write(("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"reason\":\"" + reason + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** Gathers the bytes as they come, on whatever container thread has them; dispatches once all are in. */
    private final class Collector implements ReadListener {
        private final AsyncContext async;
        private final ServletInputStream in;
        private final int limit;
        private final boolean keep;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final byte[] chunk = new byte[8192];
        private long read;

        /** @param keep whether the bytes are kept (a body to process) or thrown away (a refused one) */
        Collector(AsyncContext async, ServletInputStream in, int limit, boolean keep) {
            this.async = async;
            this.in = in;
            this.limit = limit;
            this.keep = keep;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (in.isReady() && !in.isFinished()) {
                int n = in.read(chunk);
                if (n < 0) {
                    return;
                }
                read += n;
                if (keep) {
                    body.write(chunk, 0, n);
                }
                if (read > limit) {
                    done(); // enough to know it is too large: the edge answers 413 without reading on
                    return;
                }
            }
        }

        @Override
        public void onAllDataRead() {
            done();
        }

        private void done() {
            if (async.getRequest().getAttribute(BODY) == null) {
                async.getRequest().setAttribute(DISCARDED, !keep);
                async.getRequest().setAttribute(BODY, body.toByteArray());
                async.dispatch();
            }
        }

        /** A body Tomcat could not read (a broken chunked encoding, a client gone): a 400 if anyone still listens. */
        @Override
        public void onError(Throwable t) {
            try {
                answer((HttpServletResponse) async.getResponse(), 400, "malformed_body", "Bad Request",
                        "the body could not be read completely");
            } catch (IOException | IllegalStateException gone) {
                // the client is gone: nobody to tell
            }
            async.complete();
        }
    }

    /** 408 with a problem body when the body did not arrive in time; the budget back whatever happened. */
    private final class Ending implements AsyncListener {
        private final Runnable release;

        Ending(Runnable release) {
            this.release = release;
        }

        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            answer((HttpServletResponse) event.getAsyncContext().getResponse(), 408, "request_timeout", "Request Timeout",
                    "the body was not sent completely in time");
            release.run();
            event.getAsyncContext().complete();
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release.run();
        }

        @Override
        public void onError(AsyncEvent event) {
            release.run();
            event.getAsyncContext().complete();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }
}
