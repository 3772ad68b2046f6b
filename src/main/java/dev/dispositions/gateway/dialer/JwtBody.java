package dev.dispositions.gateway.dialer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;

/** A webhook whose whole body is a compact JWS (HMAC), its claims the payload: Dialpad's scheme, and the catalogue's. */
public final class JwtBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JwtBody() {
    }

    /** Checks the HMAC signature with the dialer's secret; anything else is a 401. */
    public static void verify(InboundWebhook webhook, String secret) {
        try {
            if (!parse(webhook).verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)))) {
                throw WebhookRejected.unauthorized("signature_invalid", null, "the JWT's signature does not match the secret");
            }
        } catch (JOSEException e) {
            // An algorithm the key cannot serve, or a key too short for it: never a pass.
            throw WebhookRejected.unauthorized("signature_invalid", null, "the JWT cannot be verified with this dialer's secret");
        }
    }

    /** The claims, read strictly: UTF-8 and a JSON object, or a 400 saying which is not. */
    public static JsonNode claims(InboundWebhook webhook) {
        byte[] raw = parse(webhook).getPayload().toBytes();
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw));
        } catch (CharacterCodingException e) {
            throw new WebhookRejected(400, "invalid_encoding", null, "the JWT's claims are not valid UTF-8");
        }
        StrictJson.check(raw);
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

    private static SignedJWT parse(InboundWebhook webhook) {
        try {
            return SignedJWT.parse(webhook.bodyText().trim());
        } catch (ParseException e) {
            throw WebhookRejected.unauthorized("signature_invalid", null, "the body is not a signed JWT");
        }
    }
}
