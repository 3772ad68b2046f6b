package dev.dispositions.gateway.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.dispositions.gateway.config.GatewayProperties;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Guards {@code /api/**}: the admin key as {@code X-Api-Key} or {@code Authorization: Bearer}, compared in constant
 * time. Every refusal is logged (the client's address and what was asked, never the key), and an address that
 * sends {@value #FAILURES_PER_MINUTE} wrong keys in a minute is refused with 429, whatever key it sends, until the
 * minute is over: the key cannot be guessed at network speed.
 */
@Configuration
public class AdminApiKey implements WebMvcConfigurer, HandlerInterceptor {
    static final String HEADER = "X-Api-Key";
    static final int FAILURES_PER_MINUTE = 10;
    private static final Logger log = LoggerFactory.getLogger(AdminApiKey.class);
    private static final RateLimiterConfig FAILURES = RateLimiterConfig.custom().limitForPeriod(FAILURES_PER_MINUTE)
            .limitRefreshPeriod(Duration.ofMinutes(1)).timeoutDuration(Duration.ZERO).build();

    private final byte[] key;
    /** Wrong keys per client address; addresses quiet for ten minutes are forgotten. */
    private final Cache<String, RateLimiter> failuresByAddress = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    public AdminApiKey(GatewayProperties properties) {
        this.key = properties.admin().apiKey().reveal().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String address = request.getRemoteAddr();
        RateLimiter failures = failuresByAddress.get(address, a -> RateLimiter.of("admin-key-failures-" + a, FAILURES));
        if (failures.getMetrics().getAvailablePermissions() <= 0) {
            throw new ApiProblem(429, "too_many_attempts", "too many wrong admin API keys from this address; wait a minute")
                    .retryAfter(Duration.ofMinutes(1));
        }
        String given = request.getHeader(HEADER);
        String auth = request.getHeader("Authorization");
        if (given == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = auth.substring(7).trim();
        }
        if (given == null || given.isEmpty()) {
            // Not a guess: logged, not counted.
            log.warn("admin API refused a request without a key from {} for {} {}", address, request.getMethod(), request.getRequestURI());
            throw new ApiProblem(401, "api_key_missing", "send the admin API key as " + HEADER + " or Authorization: Bearer");
        }
        if (!MessageDigest.isEqual(key, given.getBytes(StandardCharsets.UTF_8))) {
            refused(failures, address, request);
            throw new ApiProblem(401, "api_key_invalid", "the admin API key is not valid");
        }
        return true;
    }

    private static void refused(RateLimiter failures, String address, HttpServletRequest request) {
        failures.acquirePermission();
        log.warn("admin API refused a wrong key from {} for {} {}{}", address, request.getMethod(), request.getRequestURI(),
                failures.getMetrics().getAvailablePermissions() <= 0 ? "; further requests from it are refused for a minute" : "");
    }
}
