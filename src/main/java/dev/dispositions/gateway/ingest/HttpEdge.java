package dev.dispositions.gateway.ingest;

import dev.dispositions.gateway.config.GatewayProperties;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.dialer.DialerAdapter;
import dev.dispositions.gateway.dialer.DialerRegistry;
import dev.dispositions.gateway.dialer.InboundWebhook;
import dev.dispositions.gateway.dialer.WebhookRejected;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The checks every vendor request passes before its bytes are read as a webhook, in the order of README.md#how-a-webhook-flows: known
 * tenant and dialer (404), content type (415), size (413). Shared by ingest and preview.
 */
@Component
public class HttpEdge {
    private final TenantDirectory tenants;
    private final DialerRegistry dialers;
    private final GatewayProperties properties;
    private final Clock clock;

    public HttpEdge(TenantDirectory tenants, DialerRegistry dialers, GatewayProperties properties, Clock clock) {
        this.tenants = tenants;
        this.dialers = dialers;
        this.properties = properties;
        this.clock = clock;
    }

    /** The request as the dialer sent it, or a refusal (404, 415, 413). */
    public InboundWebhook accept(String tenant, String dialer, HttpServletRequest request) {
        String mediaType = check(tenant, dialer, request);
        byte[] body = readLimited(request);
        return new InboundWebhook(tenant, dialer, publicUrl(request), mediaType, headers(request), body, clock.instant());
    }

    /** Whether this request passes the checks made before its body is read (so that no refused body is ever read). */
    boolean passesBeforeTheBody(String tenant, String dialer, HttpServletRequest request) {
        try {
            check(tenant, dialer, request);
            return request.getContentLengthLong() <= properties.ingest().maxBodyBytes();
        } catch (WebhookRejected refused) {
            return false;
        }
    }

    /** Tenant, dialer and content type; the media type when they pass. */
    private String check(String tenant, String dialer, HttpServletRequest request) {
        if (!tenants.accepts(tenant)) {
            throw new WebhookRejected(404, "unknown_tenant", null, "no tenant '" + tenant + "' is configured");
        }
        DialerAdapter adapter = dialers.find(dialer).filter(a -> tenants.dialer(tenant, dialer).isPresent())
                .orElseThrow(() -> new WebhookRejected(404, "unknown_dialer", null,
                        "tenant '" + tenant + "' has no dialer '" + dialer + "' enabled"));
        String mediaType = mediaType(request.getContentType());
        if (mediaType == null || !adapter.accepts(mediaType)) {
            String sent = request.getContentType() == null || request.getContentType().isBlank() ? "a body without Content-Type"
                    : mediaType == null ? "a Content-Type that cannot be read" : mediaType;
            throw new WebhookRejected(415, "unsupported_media_type", "Content-Type", "the " + dialer + " dialer does not send " + sent);
        }
        return mediaType;
    }

    private static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        try {
            MediaType t = MediaType.parseMediaType(contentType);
            return (t.getType() + "/" + t.getSubtype()).toLowerCase(Locale.ROOT);
        } catch (InvalidMediaTypeException e) {
            return null;
        }
    }

    private byte[] readLimited(HttpServletRequest request) {
        int limit = properties.ingest().maxBodyBytes();
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            return body;
        } catch (IOException e) {
            throw WebhookRejected.malformed(null, "the body could not be read completely");
        }
    }

    private static WebhookRejected tooLarge(int limit) {
        return new WebhookRejected(413, "body_too_large", null, "the body is over the limit of " + limit + " bytes");
    }

    /** The URL the dialer called; behind a proxy, {@code gateway.public-base-url} says what that was. */
    private String publicUrl(HttpServletRequest request) {
        String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
        URI base = properties.publicBaseUrl();
        if (base == null) {
            return request.getRequestURL() + query;
        }
        String prefix = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1) : base.toString();
        return prefix + request.getRequestURI() + query;
    }

    private static Map<String, String> headers(HttpServletRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, request.getHeader(name));
        }
        return headers;
    }
}
