package dev.dispositions.gateway.dialer.declarative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.config.GatewayProperties.DialerSettings;
import dev.dispositions.gateway.config.Secret;
import dev.dispositions.gateway.dialer.Goldens;
import dev.dispositions.gateway.dialer.InboundWebhook;
import dev.dispositions.gateway.dialer.Normalized;
import dev.dispositions.gateway.dialer.StandardWebhooks;
import dev.dispositions.gateway.dialer.WebhookRejected;
import dev.dispositions.gateway.mapping.DialerMapping;
import dev.dispositions.gateway.mapping.MappingCatalog;
import dev.dispositions.gateway.mapping.MappingCatalogs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each scheme of the signature catalogue accepts a correctly signed webhook and refuses a forged one with 401. */
class DeclarativeSignatureTest {
    private static final String SECRET = "a-dialer-secret-of-at-least-32-bytes!";
    private static final MappingCatalog CATALOG = MappingCatalogs.packaged();
    private static final DialerSettings SETTINGS = new DialerSettings(true, Secret.of(SECRET), Map.of(), "US", null);
    private static final Clock CLOCK = Clock.fixed(Goldens.RECEIVED_AT, ZoneOffset.UTC);

    private static DeclarativeAdapter adapter(DialerMapping m) {
        return new DeclarativeAdapter(m, CLOCK);
    }

    private static InboundWebhook webhook(String dialer, Map<String, String> headers, byte[] body) {
        return Goldens.webhook(dialer, "http://localhost/webhooks/" + dialer, "application/json", headers, body);
    }

    @ParameterizedTest(name = "{0}: HMAC-{2} {3} in {1}")
    @CsvSource({
            "symbo, X-Hmac-Signature, sha256, hex, symbo/call-completed-meeting-booked.json",
            "salesfinity, X-Salesfinity-Signature, sha256, hex, salesfinity/call-logged-disposition.json",
            "salesloft, x-salesloft-signature, sha1, hex, salesloft/call-updated-demo-scheduled.json",
            "outreach, Outreach-Webhook-Signature, sha256, hex, outreach/call-created.json"})
    void hmacOverTheBodyIsVerifiedInConstantTimeAndAForgeryIs401(String dialer, String header, String algorithm,
                                                                  String encoding, String sample) {
        DeclarativeAdapter adapter = adapter(CATALOG.dialer(dialer).orElseThrow());
        byte[] body = Goldens.bytes("dialer/" + sample);
        HmacAlgorithms alg = "sha1".equals(algorithm) ? HmacAlgorithms.HMAC_SHA_1 : HmacAlgorithms.HMAC_SHA_256;
        String good = Hex.encodeHexString(new HmacUtils(alg, SECRET.getBytes(StandardCharsets.UTF_8)).hmac(body));
        String forged = Hex.encodeHexString(new HmacUtils(alg, "another-secret".getBytes(StandardCharsets.UTF_8)).hmac(body));

        adapter.verify(webhook(dialer, Map.of(header, good), body), SETTINGS);
        adapter.verify(webhook(dialer, Map.of(header, good.toUpperCase()), body), SETTINGS);
        assertRefused(() -> adapter.verify(webhook(dialer, Map.of(header, forged), body), SETTINGS), "signature_invalid", header);
        assertRefused(() -> adapter.verify(webhook(dialer, Map.of(header, "not-hex!"), body), SETTINGS), "signature_invalid", header);
        assertRefused(() -> adapter.verify(webhook(dialer, Map.of(), body), SETTINGS), "signature_missing", header);
    }

    @Test
    void standardWebhooksIsVerifiedWithinItsToleranceForSami() {
        DeclarativeAdapter adapter = adapter(CATALOG.dialer("sami").orElseThrow());
        String secret = "whsec_" + Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
        var settings = new DialerSettings(true, Secret.of(secret), Map.of(), "US", null);
        byte[] body = Goldens.bytes("dialer/sami/call-completed-opt-out.json");
        String now = String.valueOf(Goldens.RECEIVED_AT.getEpochSecond());
        String old = String.valueOf(Goldens.RECEIVED_AT.getEpochSecond() - 600);

        adapter.verify(webhook("sami", signed("m1", now, secret, body), body), settings);
        assertRefused(() -> adapter.verify(webhook("sami", signed("m1", old, secret, body), body), settings),
                "timestamp_out_of_tolerance", "webhook-timestamp");
    }

    private static Map<String, String> signed(String id, String ts, String secret, byte[] body) {
        return Map.of("webhook-id", id, "webhook-timestamp", ts,
                "webhook-signature", "v1," + Base64.getEncoder().encodeToString(StandardWebhooks.sign(secret, id, ts, body)));
    }

    @Test
    void aSharedTokenInAHeaderMustMatchExactly() {
        DeclarativeAdapter adapter = adapter(CATALOG.dialer("calliyo").orElseThrow());
        byte[] body = Goldens.bytes("dialer/calliyo/called-interested.json");

        adapter.verify(webhook("calliyo", Map.of("X-Calliyo-Token", SECRET), body), SETTINGS);
        assertRefused(() -> adapter.verify(webhook("calliyo", Map.of("X-Calliyo-Token", SECRET + "x"), body), SETTINGS),
                "signature_invalid", "X-Calliyo-Token");
        assertRefused(() -> adapter.verify(webhook("calliyo", Map.of(), body), SETTINGS), "signature_missing", "X-Calliyo-Token");
    }

    /** A dialer written only in YAML, with the two schemes no packaged file uses: a token in the body, and JWT. */
    @Test
    void aTokenInTheBodyAndAJwtSignedBodyWorkFromAMappingFileAlone(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("dialers"));
        Files.writeString(dir.resolve("dialers/tokenbody.yaml"), """
                dialer: tokenbody
                request: { signature: { scheme: token, path: $.token } }
                fields: { callId: $.data.id, label: $.data.result, durationSeconds: { path: $.data.ms, unit: milliseconds } }
                labels: { voicemail: LEFT_VOICEMAIL }
                unknownLabel: { reject: "unknown result" }
                """);
        Files.writeString(dir.resolve("dialers/jwtdialer.yaml"), """
                dialer: jwtdialer
                request:
                  signature: { scheme: jwt, algorithm: HS256 }
                  eventType: { path: $.state }
                  events: { hangup: final, ringing: live }
                fields:
                  callId: $.call_id
                  label: $.disposition
                  occurredAt: { path: $.event_timestamp, format: epoch-millis }
                  durationSeconds: { path: $.duration, unit: milliseconds }
                labels: { Meeting set: MEETING_BOOKED }
                unknownLabel: { fallback: CONNECTED }
                """);
        MappingCatalog catalog = MappingCatalogs.withOverrides(dir.toString());

        DeclarativeAdapter tokenBody = adapter(catalog.dialer("tokenbody").orElseThrow());
        byte[] withToken = ("{\"token\":\"" + SECRET + "\",\"data\":{\"id\":7,\"result\":\"voicemail\",\"ms\":41500}}").getBytes(StandardCharsets.UTF_8);
        byte[] wrongToken = "{\"token\":\"nope\",\"data\":{\"id\":7}}".getBytes(StandardCharsets.UTF_8);
        tokenBody.verify(webhook("tokenbody", Map.of(), withToken), SETTINGS);
        assertRefused(() -> tokenBody.verify(webhook("tokenbody", Map.of(), wrongToken), SETTINGS), "signature_invalid", "$.token");
        assertRefused(() -> tokenBody.verify(webhook("tokenbody", Map.of(), "not json".getBytes(StandardCharsets.UTF_8)), SETTINGS),
                "signature_missing", "$.token");
        var event = ((Normalized.Calls) tokenBody.normalize(webhook("tokenbody", Map.of(), withToken),
                catalog.dialer("tokenbody").orElseThrow(), SETTINGS)).events().get(0);
        assertThat(event.outcome()).isEqualTo(Outcome.LEFT_VOICEMAIL);
        assertThat(event.durationSeconds()).isEqualTo(42);

        DeclarativeAdapter jwtAdapter = adapter(catalog.dialer("jwtdialer").orElseThrow());
        Map<String, Object> claims = new HashMap<>(Map.of("call_id", "1002", "state", "hangup", "disposition", "Meeting set",
                "event_timestamp", "1795438800000", "duration", 61200));
        byte[] jwt = jwt(claims, SECRET);
        jwtAdapter.verify(webhook("jwtdialer", Map.of(), jwt), SETTINGS);
        assertRefused(() -> jwtAdapter.verify(webhook("jwtdialer", Map.of(), jwt(claims, SECRET.replace('a', 'b'))), SETTINGS),
                "signature_invalid", null);
        assertRefused(() -> jwtAdapter.verify(webhook("jwtdialer", Map.of(), "{\"call_id\":1}".getBytes(StandardCharsets.UTF_8)), SETTINGS),
                "signature_invalid", null);
        var call = ((Normalized.Calls) jwtAdapter.normalize(webhook("jwtdialer", Map.of(), jwt),
                catalog.dialer("jwtdialer").orElseThrow(), SETTINGS)).events().get(0);
        assertThat(call.callId()).isEqualTo("1002");
        assertThat(call.outcome()).isEqualTo(Outcome.MEETING_BOOKED);
        assertThat(call.durationSeconds()).isEqualTo(61);
        assertThat(call.occurredAt()).hasToString("2026-11-23T13:00:00Z");
        assertThat(call.occurredAtSource()).isEqualTo("vendor");
    }

    private static byte[] jwt(Map<String, Object> claims, String secret) throws Exception {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder();
        claims.forEach(b::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), b.build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize().getBytes(StandardCharsets.UTF_8);
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reason, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WebhookRejected.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.field()).isEqualTo(field);
        });
    }
}
