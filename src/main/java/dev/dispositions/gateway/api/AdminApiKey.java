package dev.dispositions.gateway.api;

import dev.dispositions.gateway.config.GatewayProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Guards {@code /api/**}: the admin key as {@code X-Api-Key} or {@code Authorization: Bearer}, compared in constant time. */
@Configuration
public class AdminApiKey implements WebMvcConfigurer, HandlerInterceptor {
    static final String HEADER = "X-Api-Key";
    private final byte[] key;

    public AdminApiKey(GatewayProperties properties) {
        this.key = properties.admin().apiKey().reveal().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String given = request.getHeader(HEADER);
        String auth = request.getHeader("Authorization");
        if (given == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = auth.substring(7).trim();
        }
        if (given == null || given.isEmpty()) {
            throw new ApiProblem(401, "api_key_missing", "send the admin API key as " + HEADER + " or Authorization: Bearer");
        }
        if (!MessageDigest.isEqual(key, given.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiProblem(401, "api_key_invalid", "the admin API key is not valid");
        }
        return true;
    }
}
