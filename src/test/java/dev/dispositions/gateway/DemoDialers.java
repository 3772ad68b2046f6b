package dev.dispositions.gateway;

import dev.dispositions.gateway.dialer.Goldens;
import dev.dispositions.gateway.dialer.StandardWebhooks;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

/**
 * Every dialer of the demo tenant as a sender sees it: how to sign a payload with the demo secrets
 * (src/test/resources/application-demo.yaml), a finished-call sample, the call id in it, the outcome it carries,
 * and where its required facts are (for mutations).
 */
public final class DemoDialers {
    private DemoDialers() {
    }

    /** What goes on the wire: headers and body (a JWT for Dialpad, the payload itself for everyone else). */
    public record Signed(Map<String, String> headers, byte[] body) {
    }

    public record Dialer(String id, String contentType, String sample, String sampleCallId, String outcome,
                         Function<byte[], Signed> signer, List<String> callIdPointers, List<String> labelPointers,
                         boolean signsTheBody) {
        public Signed sign(byte[] payload) {
            return signer.apply(payload);
        }
    }

    static final String SAMI_SECRET = "whsec_ZGVtby1zYW1pLXNpZ25pbmcta2V5LTAxMjM0NTY3";
    static final String DIALPAD_SECRET = "demo-dialpad-subscription-secret-0123456789";

    private static Function<byte[], Signed> hmac(String header, HmacAlgorithms alg, String secret, Map<String, String> extra) {
        return body -> {
            Map<String, String> h = new LinkedHashMap<>(extra);
            h.put(header, new HmacUtils(alg, secret.getBytes(StandardCharsets.UTF_8)).hmacHex(body));
            return new Signed(h, body);
        };
    }

    public static Function<byte[], Signed> standardWebhooks(String secret, long offsetSeconds) {
        return body -> {
            String id = "msg_" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "_" + System.nanoTime();
            String ts = String.valueOf(Instant.now().getEpochSecond() + offsetSeconds);
            return new Signed(Map.of(StandardWebhooks.ID, id, StandardWebhooks.TIMESTAMP, ts, StandardWebhooks.SIGNATURE,
                    "v1," + Base64.getEncoder().encodeToString(StandardWebhooks.sign(secret, id, ts, body))), body);
        };
    }

    private static Function<byte[], Signed> header(String header, String value) {
        return body -> new Signed(Map.of(header, value), body);
    }

    /** Dialpad signs the whole event: the claims become a JWT, or an unsigned JWT-shaped string if they are not JSON. */
    private static Signed dialpad(byte[] claims) {
        try {
            return new Signed(Map.of(), Goldens.jwt(Goldens.JSON.readTree(claims), DIALPAD_SECRET));
        } catch (Exception notJson) {
            var jws = new com.nimbusds.jose.JWSObject(new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256),
                    new com.nimbusds.jose.Payload(claims));
            try {
                jws.sign(new com.nimbusds.jose.crypto.MACSigner(DIALPAD_SECRET.getBytes(StandardCharsets.UTF_8)));
            } catch (com.nimbusds.jose.JOSEException e) {
                throw new IllegalStateException(e);
            }
            return new Signed(Map.of(), jws.serialize().getBytes(StandardCharsets.UTF_8));
        }
    }

    public static List<Dialer> all() {
        return List.of(
                new Dialer("generic", "application/json", "dialer/generic/call-ended.json", "dialer-call-7f3a", "MEETING_BOOKED",
                        standardWebhooks(GatewayIntegrationTest.DEMO_GENERIC_SECRET, 0), List.of("/callId"), List.of("/outcome"), true),
                new Dialer("symbo", "application/json", "dialer/symbo/call-completed-meeting-booked.json", "cl_5521", "MEETING_BOOKED",
                        hmac("X-Hmac-Signature", HmacAlgorithms.HMAC_SHA_256, "demo-symbo-webhook-secret", Map.of()),
                        List.of("/call/id"), List.of("/call/outcome"), true),
                new Dialer("sami", "application/json", "dialer/sami/call-completed-opt-out.json", "sami_c_901", "DO_NOT_CONTACT",
                        standardWebhooks(SAMI_SECRET, 0), List.of("/call/id"), List.of("/call/outcome"), true),
                new Dialer("calliyo", "application/json", "dialer/calliyo/called-interested.json", "cly-4410", "INTERESTED",
                        header("X-Calliyo-Token", "demo-calliyo-token"), List.of("/call/id"), List.of("/call/status"), false),
                new Dialer("salesfinity", "application/json", "dialer/salesfinity/call-logged-disposition.json", "sf_66f1c2", "MEETING_BOOKED",
                        hmac("X-Salesfinity-Signature", HmacAlgorithms.HMAC_SHA_256, "demo-salesfinity-secret", Map.of()),
                        List.of("/data/call_id"), List.of("/data/disposition", "/data/status"), true),
                new Dialer("salesloft", "application/json", "dialer/salesloft/call-updated-demo-scheduled.json", "5512093", "MEETING_BOOKED",
                        hmac("x-salesloft-signature", HmacAlgorithms.HMAC_SHA_1, "demo-salesloft-callback-token",
                                Map.of("x-salesloft-event", "call_updated")),
                        List.of("/id"), List.of("/disposition", "/sentiment"), true),
                new Dialer("outreach", "application/json", "dialer/outreach/call-created.json", "48112", "INTERESTED",
                        hmac("Outreach-Webhook-Signature", HmacAlgorithms.HMAC_SHA_256, "demo-outreach-webhook-secret", Map.of()),
                        List.of("/data/id"), List.of("/data/relationships/callDisposition", "/data/attributes/tags", "/data/attributes/outcome"), true),
                new Dialer("ringcentral", "application/json", "dialer/ringcentral/disconnected-no-answer.json",
                        "Y3MxNzE4NDE5MDM0MzQwMTgzODRAMTAuNjIuMjUuMTEx", "NO_ANSWER",
                        header("Verification-Token", "demo-ringcentral-verification-token"), List.of("/body/telephonySessionId"), List.of(), false),
                new Dialer("aircall", "application/json", "dialer/aircall/call-ended-outbound.json", "780836699", "CONNECTED",
                        body -> new Signed(Map.of(), body), List.of("/data/id"), List.of(), false),
                new Dialer("dialpad", "application/jwt", "dialer/dialpad/hangup-outbound-connected.claims.json", "6612000034", "CONNECTED",
                        DemoDialers::dialpad, List.of("/call_id"), List.of(), true));
    }
}
