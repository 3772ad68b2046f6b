package dev.dispositions.gateway.dialer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The claims of a JWT-signed webhook, read strictly: UTF-8 and a JSON object, or a 400 saying which is not. */
public final class JwtClaims {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JwtClaims() {
    }

    public static JsonNode of(SignedJWT jwt) {
        byte[] raw = jwt.getPayload().toBytes();
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw));
        } catch (CharacterCodingException e) {
            throw new WebhookRejected(400, "invalid_encoding", null, "the JWT's claims are not valid UTF-8");
        }
        JsonNode claims;
        try {
            claims = JSON.readTree(raw);
        } catch (IOException e) {
            throw WebhookRejected.malformed(null, "the JWT's claims are not valid JSON");
        }
        if (claims == null || !claims.isObject()) {
            throw WebhookRejected.malformed(null, "the JWT's claims must be a JSON object");
        }
        return claims;
    }
}
