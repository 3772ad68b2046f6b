package dev.dispositions.gateway.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.dispositions.gateway.access.Allowed;
import dev.dispositions.gateway.access.ApiKeys;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.access.Role;
import dev.dispositions.gateway.config.GatewayProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Guards {@code /api/**}: a key as {@code X-Api-Key} or {@code Authorization: Bearer}: the bootstrap operator key
 * ({@code gateway.admin.api-key}, compared in constant time) or one created through the API ({@link ApiKeys}). The
 * caller it stands for is set on the request; the operation's {@link Allowed} role and a {@code {tenant}} in its path
 * are checked before it runs (403 for a role that may not, 404 for another tenant, as if it did not exist). Refusals are logged (the client's address and what was asked, never the key). An address gets
 * {@value #FAILURES_PER_MINUTE} wrong keys a minute; after that it is refused with 429, whatever key it sends, until
 * its minute is over, so the key cannot be guessed at network speed. Each request with a key reserves one of the
 * address's attempts before the key is compared and gives it back if the key was right, so parallel guesses get no
 * more. Behind a proxy, the address is the client's when the proxy is trusted ({@code server.forward-headers-strategy:
 * native}; the chart sets it).
 */
@Configuration
public class AdminApiKey implements WebMvcConfigurer, HandlerInterceptor {
    static final String HEADER = "X-Api-Key";
    static final int FAILURES_PER_MINUTE = 10;
    private static final Logger log = LoggerFactory.getLogger(AdminApiKey.class);

    private final byte[] key;
    private final ApiKeys keys;
    /** Per client address, the attempts used in its current minute (wrong keys, and right ones being compared). */
    private final Cache<String, AtomicInteger> attempts = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(1)).build();
    /** Addresses that sent no key this minute, so each is logged once a minute, not once a request. */
    private final Cache<String, Boolean> keylessLogged = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1)).build();

    public AdminApiKey(GatewayProperties properties, ApiKeys keys) {
        this.key = properties.admin().apiKey().reveal().getBytes(StandardCharsets.UTF_8);
        this.keys = keys;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String address = request.getRemoteAddr();
        String given = request.getHeader(HEADER);
        String auth = request.getHeader("Authorization");
        if (given == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = auth.substring(7).trim();
        }
        if (given == null || given.isEmpty()) {
            // Not a guess: logged once a minute per address, not counted.
            if (keylessLogged.asMap().putIfAbsent(address, Boolean.TRUE) == null) {
                log.warn("admin API refused a request without a key from {} for {} {}", address, request.getMethod(), request.getRequestURI());
            }
            throw new ApiProblem(401, "api_key_missing", "send the admin API key as " + HEADER + " or Authorization: Bearer");
        }
        AtomicInteger used = attempts.get(address, a -> new AtomicInteger());
        if (used.incrementAndGet() > FAILURES_PER_MINUTE) {
            used.decrementAndGet();
            throw new ApiProblem(429, "too_many_attempts", "too many wrong admin API keys from this address; wait a minute")
                    .retryAfter(Duration.ofMinutes(1));
        }
        Caller caller = MessageDigest.isEqual(key, given.getBytes(StandardCharsets.UTF_8)) ? Caller.BOOTSTRAP
                : keys.authenticate(given).orElse(null);
        if (caller != null) {
            used.decrementAndGet();
            request.setAttribute(Caller.ATTRIBUTE, caller);
            permit(caller, request, handler);
            return true;
        }
        log.warn("admin API refused a wrong key from {} for {} {}{}", address, request.getMethod(), request.getRequestURI(),
                used.get() >= FAILURES_PER_MINUTE ? "; further requests from it are refused for a minute" : "");
        throw new ApiProblem(401, "api_key_invalid", "the admin API key is not valid");
    }

    private static void permit(Caller caller, HttpServletRequest request, Object handler) {
        Allowed allowed = handler instanceof HandlerMethod m ? m.getMethodAnnotation(Allowed.class) : null;
        Role needed = allowed == null ? Role.OPERATOR : allowed.value();
        if (!caller.role().covers(needed)) {
            throw new ApiProblem(403, "forbidden", "key '" + caller.name() + "' is a " + caller.role().written() + " key; "
                    + request.getMethod() + " " + request.getRequestURI() + " needs " + needed.written());
        }
        Object vars = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (vars instanceof java.util.Map<?, ?> path && path.get("tenant") instanceof String tenant && !caller.sees(tenant)) {
            throw Scopes.unknownTenant(tenant);
        }
    }
}
