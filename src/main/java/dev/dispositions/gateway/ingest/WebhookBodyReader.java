package dev.dispositions.gateway.ingest;

import dev.dispositions.gateway.config.GatewayProperties;
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
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a webhook's body without holding a thread while it arrives (Servlet non-blocking IO), then hands the whole
 * body to the pipeline. A client sending a byte at a time would otherwise hold one of Tomcat's workers for as long
 * as it likes; 180 such clients held 181 of 200. A body not complete within {@code gateway.ingest.body-read-timeout}
 * is answered 408; one over the size limit stops being read at once (the edge answers 413).
 */
public class WebhookBodyReader implements Filter {
    static final String BODY = WebhookBodyReader.class.getName() + ".body";
    private static final java.util.Set<String> HAS_BODY = java.util.Set.of("POST", "PUT", "PATCH");

    private final GatewayProperties properties;

    public WebhookBodyReader(GatewayProperties properties) {
        this.properties = properties;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (request.getAttribute(BODY) instanceof byte[] body) {
            chain.doFilter(new BufferedBody(request, body), res);
            return;
        }
        int limit = properties.ingest().maxBodyBytes();
        if (request.getDispatcherType() != DispatcherType.REQUEST || !HAS_BODY.contains(request.getMethod())
                || request.getContentLengthLong() > limit || !request.isAsyncSupported()) {
            chain.doFilter(req, res);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(properties.ingest().bodyReadTimeout().toMillis());
        async.addListener(new TimeoutAnswer());
        ServletInputStream in = request.getInputStream();
        in.setReadListener(new Collector(async, in, limit));
    }

    /** Gathers the bytes as they come, on whatever container thread has them; dispatches once all are in. */
    private static final class Collector implements ReadListener {
        private final AsyncContext async;
        private final ServletInputStream in;
        private final int limit;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final byte[] chunk = new byte[8192];

        Collector(AsyncContext async, ServletInputStream in, int limit) {
            this.async = async;
            this.in = in;
            this.limit = limit;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (in.isReady() && !in.isFinished()) {
                int n = in.read(chunk);
                if (n < 0) {
                    return;
                }
                body.write(chunk, 0, n);
                if (body.size() > limit) {
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
                async.getRequest().setAttribute(BODY, body.toByteArray());
                async.dispatch();
            }
        }

        @Override
        public void onError(Throwable t) {
            // The client went away or the read timed out: the timeout listener or the closed socket end it.
        }
    }

    /** 408 with a problem body when the body did not arrive in time. */
    private static final class TimeoutAnswer implements AsyncListener {
        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            HttpServletResponse response = (HttpServletResponse) event.getAsyncContext().getResponse();
            if (!response.isCommitted()) {
                response.setStatus(408);
                response.setHeader("Connection", "close");
                response.setContentType("application/problem+json");
                response.getOutputStream().write(("{\"type\":\"about:blank\",\"title\":\"Request Timeout\",\"status\":408,"
                        + "\"detail\":\"the body was not sent completely in time\",\"reason\":\"request_timeout\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }
            event.getAsyncContext().complete();
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
            event.getAsyncContext().complete();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }

    /** The request with the body already read. */
    private static final class BufferedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return bytes.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body is already read");
                }
            };
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }
    }
}
