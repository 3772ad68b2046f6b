package dev.dispositions.gateway.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description the gateway serves at {@code /v3/api-docs}: the webhook endpoint dialers call, and the
 * admin API ({@code /api/**}, the admin key as {@code X-Api-Key}) support and CRM admins use.
 */
@Configuration
public class OpenApiDescription {
    static final String ADMIN_KEY = "adminKey";

    @Bean
    OpenAPI gatewayOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Call-disposition gateway").version("1")
                        .description("Dialers POST call outcomes to /webhooks/{tenant}/{dialer}; the gateway writes each once into the "
                                + "tenant's CRMs. Support and CRM admins use /api/** with the admin key: events and their timelines, "
                                + "dead letters (list, replay, bulk replay with a dry run, discard), connectors (state, pause, resume, "
                                + "install check) and reloading CRM mapping files. Every error is application/problem+json with a "
                                + "stable 'reason' and, when one is at fault, the 'field'."))
                .components(new Components()
                        .addSecuritySchemes(ADMIN_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                                .name(AdminApiKey.HEADER).description("an API key: the bootstrap operator key or one made with POST /api/keys"))
                        .addSecuritySchemes(OpenApiOperations.BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("the same key as Authorization: Bearer"))
                        .addSchemas(OpenApiOperations.PROBLEM, new io.swagger.v3.oas.models.media.ObjectSchema()
                                .description("RFC 9457 problem details, with the gateway's stable reason and, when one is at fault, the field")
                                .addProperty("type", new io.swagger.v3.oas.models.media.StringSchema())
                                .addProperty("title", new io.swagger.v3.oas.models.media.StringSchema())
                                .addProperty("status", new io.swagger.v3.oas.models.media.IntegerSchema())
                                .addProperty("detail", new io.swagger.v3.oas.models.media.StringSchema())
                                .addProperty("instance", new io.swagger.v3.oas.models.media.StringSchema())
                                .addProperty("reason", new io.swagger.v3.oas.models.media.StringSchema())
                                .addProperty("field", new io.swagger.v3.oas.models.media.StringSchema())));
    }
}
