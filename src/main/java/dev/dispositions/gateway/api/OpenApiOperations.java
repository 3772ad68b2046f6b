package dev.dispositions.gateway.api;

import dev.dispositions.gateway.access.Allowed;
import dev.dispositions.gateway.access.Role;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.Map;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What a client generator needs of each admin operation, taken from the controller itself: a stable operation id
 * ({@code <controller><Method>}, e.g. {@code deadLetterBulkReplay}), the role it needs ({@code x-required-role}, from
 * {@link Allowed}), both ways to send a key, and the problem bodies its refusals carry.
 */
@Configuration
class OpenApiOperations {
    static final String BEARER = "bearerKey";
    static final String PROBLEM = "Problem";

    private static final Map<String, String> REFUSALS = Map.of(
            "400", "the request names a field that is wrong, and why",
            "401", "no key, or not a valid one",
            "403", "the key's role may not do this",
            "404", "no such thing, or another tenant's",
            "409", "the state does not allow it now (the reason says which)",
            "429", "too many wrong keys from this address: wait a minute");

    @Bean
    OperationCustomizer operationsFromTheirControllers() {
        return (operation, handler) -> {
            String controller = handler.getBeanType().getSimpleName().replace("Controller", "");
            String method = handler.getMethod().getName();
            operation.setOperationId(Character.toLowerCase(controller.charAt(0)) + controller.substring(1)
                    + Character.toUpperCase(method.charAt(0)) + method.substring(1));
            Allowed allowed = handler.getMethodAnnotation(Allowed.class);
            if (allowed == null && !handler.getBeanType().getPackageName().endsWith(".api")) {
                return webhook(operation); // signed by the dialer, no key
            }
            Role role = allowed == null ? Role.OPERATOR : allowed.value();
            operation.addExtension("x-required-role", role.written());
            String needs = "Needs a key of role " + role.written() + (role == Role.OPERATOR ? "." : " or above; a tenant key reaches its own tenant only.");
            operation.setDescription(operation.getDescription() == null ? needs : operation.getDescription() + "\n\n" + needs);
            operation.addSecurityItem(new SecurityRequirement().addList(OpenApiDescription.ADMIN_KEY));
            operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
            REFUSALS.forEach((status, why) -> {
                if (operation.getResponses() != null && !operation.getResponses().containsKey(status)) {
                    MediaType problem = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM));
                    OpenApiExamples.addProblemExample(status, problem);
                    operation.getResponses().addApiResponse(status, new ApiResponse().description(why).content(new Content()
                            .addMediaType("application/problem+json", problem)));
                }
            });
            if (operation.getOperationId().equals("previewPreview")) {
                operation.setRequestBody(vendorPayload()); // read from the servlet request, so springdoc cannot see it
            }
            if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                operation.getRequestBody().getContent().values().forEach(m -> OpenApiExamples.addRequestExamples(operation.getOperationId(), m));
            }
            return operation;
        };
    }

    /** What a webhook and a preview take: the vendor's payload as it sends it. */
    private static io.swagger.v3.oas.models.parameters.RequestBody vendorPayload() {
        Schema<Object> raw = new Schema<>().type("string").description("the vendor's payload, unchanged");
        return new io.swagger.v3.oas.models.parameters.RequestBody().required(true).content(new Content()
                .addMediaType("application/json", new MediaType().schema(new Schema<>().type("object")))
                .addMediaType("application/x-www-form-urlencoded", new MediaType().schema(raw))
                .addMediaType("application/jwt", new MediaType().schema(raw)));
    }

    /** A dialer's webhook: the body as the vendor sends it, signed the vendor's way. */
    private static io.swagger.v3.oas.models.Operation webhook(io.swagger.v3.oas.models.Operation operation) {
        operation.setDescription("The body exactly as the dialer sends it (JSON, a form, or a JWT), signed as that dialer signs: the "
                + "Standard Webhooks headers for the generic format, X-Twilio-Signature for Twilio, and for the other dialers the header "
                + "their mapping file names (signature.header). 202 stored (eventIds), 200 a redelivery already stored, 401 a bad "
                + "signature, 4xx a refused body naming the field, 503 not ready (send again).");
        operation.setRequestBody(vendorPayload());
        OpenApiExamples.addRequestExamples("previewPreview", operation.getRequestBody().getContent().get("application/json"));
        for (String[] header : new String[][] {
                {"webhook-id", "Standard Webhooks: the message id (the same on every retry, for dedup)"},
                {"webhook-timestamp", "Standard Webhooks: Unix seconds when it was signed"},
                {"webhook-signature", "Standard Webhooks: space-separated v1,<base64 HMAC-SHA256> signatures (several during a rotation)"},
                {"X-Twilio-Signature", "Twilio: base64 HMAC-SHA1 of the URL and the sorted form parameters"}}) {
            operation.addParametersItem(new io.swagger.v3.oas.models.parameters.HeaderParameter().name(header[0]).required(false)
                    .description(header[1]).schema(new Schema<>().type("string")));
        }
        REFUSALS.forEach((status, why) -> {
            if (!status.equals("403") && operation.getResponses() != null && !operation.getResponses().containsKey(status)) {
                operation.getResponses().addApiResponse(status, new ApiResponse().description(status.equals("401") ? "the signature does not verify" : why)
                        .content(new Content().addMediaType("application/problem+json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
            }
        });
        return operation;
    }
}
