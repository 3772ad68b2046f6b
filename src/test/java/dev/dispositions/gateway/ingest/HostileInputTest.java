package dev.dispositions.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.DemoDialers;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.dialer.Goldens;
import dev.dispositions.gateway.dialer.StandardWebhooks;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Bad input never hurts: thousands of generated hostile requests against every dialer (broken bodies, wrong types,
 * missing and huge fields, deep nesting, invalid UTF-8, wrong content types, unknown dialers and tenants, bad,
 * missing and stale signatures). Each must get a 4xx problem body naming a reason, nothing may be stored, and the
 * gateway must still accept a good webhook afterwards.
 */
class HostileInputTest extends GatewayIntegrationTest {
    private static final long SEED = 20261123L;
    private static final int VARIANTS = 12;

    @Autowired
    JdbcTemplate jdbc;

    private record Attempt(String what, String path, String contentType, Map<String, String> headers, byte[] body) {
    }

    private final List<String> failures = new ArrayList<>();
    private int tried;

    @Test
    void thousandsOfHostileRequestsEachGetA4xxProblemAndNothingIsStored() throws Exception {
        int eventsBefore = jdbc.queryForObject("select count(*) from call_event", Integer.class);
        Random random = new Random(SEED);
        for (DemoDialers.Dialer d : DemoDialers.all()) {
            for (int v = 0; v < VARIANTS; v++) {
                for (Attempt a : hostile(d, random)) {
                    send(a);
                }
            }
        }
        for (int v = 0; v < VARIANTS; v++) {
            for (Attempt a : twilio(random)) {
                send(a);
            }
        }
        for (int v = 0; v < 40; v++) {
            for (Attempt a : routing(random)) {
                send(a);
            }
        }

        assertThat(failures).as("of %d hostile requests, these were not a 4xx problem:%n%s", tried, String.join("\n", failures)).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from call_event", Integer.class)).as("nothing stored").isEqualTo(eventsBefore);
        Reply good = postGeneric("/webhooks/generic", DEMO_GENERIC_SECRET, "msg_after_" + System.nanoTime(),
                "{\"type\":\"call.ended\",\"callId\":\"after-the-storm\",\"outcome\":\"BUSY\"}");
        assertThat(good.status()).as("still serving").isEqualTo(202);
        assertThat(getManagement("/actuator/health").raw()).contains("\"UP\"");
        System.out.println("HOSTILE INPUT: " + tried + " requests tried, all answered 4xx with a problem body");
        assertThat(tried).isGreaterThan(1000);
    }

    private List<Attempt> hostile(DemoDialers.Dialer d, Random r) throws Exception {
        List<Attempt> out = new ArrayList<>();
        String path = "/webhooks/" + d.id();
        byte[] valid = Goldens.bytes(d.sample());
        // Signed, so each reaches the parse and meaning checks:
        out.add(signed(d, "truncated JSON", cut(valid, r)));
        out.add(signed(d, "random bytes", randomBytes(r, 1 + r.nextInt(2000))));
        out.add(signed(d, "not an object", pick(r, "[]", "[1,2,3]", "\"text\"", "42", "null", "true").getBytes(StandardCharsets.UTF_8)));
        out.add(signed(d, "invalid UTF-8 in a string", invalidUtf8(valid, r)));
        out.add(signed(d, "deep nesting", deepNesting(2000 + r.nextInt(5000))));
        for (String pointer : d.callIdPointers()) {
            out.add(signed(d, "call id removed", mutate(valid, pointer, null)));
            out.add(signed(d, "call id is an object", mutate(valid, pointer, Goldens.JSON.createObjectNode().put("x", r.nextInt()))));
            out.add(signed(d, "call id is huge", mutate(valid, pointer, Goldens.JSON.getNodeFactory().textNode(huge(r, 201 + r.nextInt(50_000))))));
        }
        if (!d.labelPointers().isEmpty()) {
            byte[] noLabel = valid;
            for (String pointer : d.labelPointers()) {
                noLabel = mutate(noLabel, pointer, null);
            }
            out.add(signed(d, "outcome label removed", noLabel));
            out.add(signed(d, "outcome label is huge", mutate(noLabel, d.labelPointers().get(d.labelPointers().size() - 1),
                    Goldens.JSON.getNodeFactory().textNode(huge(r, 201 + r.nextInt(10_000))))));
        }
        // Not signed, or signed wrongly:
        if (d.id().equals("aircall")) {
            // Aircall's token is in the body.
            out.add(new Attempt("no token", path, d.contentType(), Map.of(), mutate(valid, "/token", null)));
            out.add(new Attempt("forged token", path, d.contentType(), Map.of(),
                    mutate(valid, "/token", Goldens.JSON.getNodeFactory().textNode(flip(Goldens.JSON.readTree(valid).get("token").asText(), r)))));
        } else {
            out.add(new Attempt("no signature", path, d.contentType(), Map.of(), valid));
            DemoDialers.Signed good = d.sign(valid);
            Map<String, String> forged = new LinkedHashMap<>(good.headers());
            forged.replaceAll((k, v) -> k.toLowerCase().startsWith("x-salesloft-event") ? v : flip(v, r));
            byte[] forgedBody = good.headers().isEmpty() ? flip(new String(good.body(), StandardCharsets.UTF_8), r).getBytes(StandardCharsets.UTF_8)
                    : good.body();
            out.add(new Attempt("forged signature", path, d.contentType(), forged, forgedBody));
        }
        // A shared token authenticates the sender, not the body: only body-signing schemes can be forged this way.
        if (d.signsTheBody() && !d.id().equals("dialpad")) {
            out.add(new Attempt("signature of another body", path, d.contentType(), d.sign(cut(valid, r)).headers(), valid));
        }
        if (d.id().equals("generic") || d.id().equals("sami")) {
            String secret = d.id().equals("generic") ? DEMO_GENERIC_SECRET : "whsec_ZGVtby1zYW1pLXNpZ25pbmcta2V5LTAxMjM0NTY3";
            long skew = (r.nextBoolean() ? 1 : -1) * (301L + r.nextInt(100_000));
            out.add(new Attempt("replayed outside the tolerance", path, d.contentType(),
                    DemoDialers.standardWebhooks(secret, skew).apply(valid).headers(), valid));
        }
        // The HTTP edge:
        out.add(new Attempt("wrong content type", path, pick(r, "application/xml", "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded", "image/png"), d.sign(valid).headers(), d.sign(valid).body()));
        out.add(new Attempt("body over the limit", path, d.contentType(), Map.of(), randomBytes(r, 262_145 + r.nextInt(50_000))));
        return out;
    }

    private static final String FORM = "application/x-www-form-urlencoded";

    private List<Attempt> twilio(Random r) {
        String base = "CallSid=" + "CA" + Long.toHexString(r.nextLong()) + "&CallStatus=completed&CallDuration=12&SequenceNumber=" + r.nextInt(9);
        List<Attempt> out = new ArrayList<>();
        out.add(signedForm("no CallSid", "CallStatus=busy&CallDuration=" + r.nextInt(99)));
        out.add(signedForm("huge CallSid", "CallSid=" + huge(r, 201 + r.nextInt(20_000)) + "&CallStatus=busy"));
        // Nobody can sign what cannot be decoded; the body is refused before its signature can be checked.
        out.add(new Attempt("bad %-escape", "/webhooks/twilio", FORM, Map.of("X-Twilio-Signature", "x"),
                (base + "&Caller=%" + pick(r, "ZZ", "G1", "", "4")).getBytes(StandardCharsets.UTF_8)));
        out.add(signedForm("escaped bytes that are not UTF-8", base + "&To=%" + pick(r, "C3%28", "FF", "E2%82", "80")));
        out.add(new Attempt("raw bytes that are not UTF-8", "/webhooks/twilio", FORM, Map.of("X-Twilio-Signature", "x"),
                concat(base.getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, (byte) 0x28})));
        out.add(new Attempt("no signature", "/webhooks/twilio", FORM, Map.of(), base.getBytes(StandardCharsets.UTF_8)));
        out.add(new Attempt("forged signature", "/webhooks/twilio", FORM,
                Map.of("X-Twilio-Signature", Base64.getEncoder().encodeToString(randomBytes(r, 20))), base.getBytes(StandardCharsets.UTF_8)));
        out.add(new Attempt("XML to Twilio", "/webhooks/twilio", "application/xml", Map.of(), "{\"CallSid\":\"CA1\"}".getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    private List<Attempt> routing(Random r) {
        String junk = huge(r, 1 + r.nextInt(40)).replaceAll("[^a-z0-9]", "x");
        return List.of(
                new Attempt("unknown tenant", "/webhooks/t" + junk + "/generic", "application/json", Map.of(), "{}".getBytes(StandardCharsets.UTF_8)),
                new Attempt("unknown dialer", "/webhooks/d" + junk, "application/json", Map.of(), "{}".getBytes(StandardCharsets.UTF_8)),
                new Attempt("dialer not enabled for the tenant", "/webhooks/acme/" + pick(r, "twilio", "symbo", "salesloft"),
                        "application/json", Map.of(), "{}".getBytes(StandardCharsets.UTF_8)),
                new Attempt("unknown tenant and dialer", "/webhooks/" + junk + "/" + junk, pick(r, "text/plain", "application/json"),
                        Map.of(), randomBytes(r, r.nextInt(300))));
    }

    private Attempt signed(DemoDialers.Dialer d, String what, byte[] payload) {
        DemoDialers.Signed signed = d.sign(payload);
        return new Attempt(what, "/webhooks/" + d.id(), d.contentType(), signed.headers(), signed.body());
    }

    private Attempt signedForm(String what, String body) {
        return new Attempt(what, "/webhooks/twilio", FORM, Map.of("X-Twilio-Signature",
                twilioSignature(DEMO_TWILIO_TOKEN, "http://localhost:8080/webhooks/twilio", body)), body.getBytes(StandardCharsets.UTF_8));
    }

    private void send(Attempt a) throws Exception {
        tried++;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + a.path()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(a.body()));
        if (a.contentType() != null) {
            b.header("Content-Type", a.contentType());
        }
        a.headers().forEach(b::header);
        HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String problem = null;
        if (resp.statusCode() < 400 || resp.statusCode() >= 500) {
            problem = "status " + resp.statusCode();
        } else if (!resp.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            problem = "content type " + resp.headers().firstValue("Content-Type").orElse("none");
        } else {
            JsonNode body = json.readTree(resp.body());
            if (!body.hasNonNull("reason") || body.get("reason").asText().isBlank() || !body.hasNonNull("detail")) {
                problem = "no reason/detail";
            } else if (resp.statusCode() == 422 && !body.hasNonNull("field")) {
                problem = "422 without a field";
            }
        }
        if (problem != null) {
            failures.add(a.path() + " [" + a.what() + "]: " + problem + " " + cut(resp.body(), 300));
        }
    }

    // ---- generators ----

    private static byte[] mutate(byte[] json, String pointer, JsonNode value) throws Exception {
        JsonNode root = Goldens.JSON.readTree(json);
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        if (parent instanceof ObjectNode object) {
            String name = pointer.substring(slash + 1);
            if (value == null) {
                object.remove(name);
            } else {
                object.set(name, value);
            }
        }
        return Goldens.JSON.writeValueAsBytes(root);
    }

    private static byte[] cut(byte[] body, Random r) {
        return java.util.Arrays.copyOf(body, 1 + r.nextInt(Math.max(1, body.length - 2)));
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] invalidUtf8(byte[] json, Random r) {
        String text = new String(json, StandardCharsets.UTF_8);
        int quote = text.indexOf('"', text.indexOf(':'));
        byte[] head = text.substring(0, quote + 1).getBytes(StandardCharsets.UTF_8);
        byte[] bad = pick(r, new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        return concat(concat(head, bad), text.substring(quote + 1).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] deepNesting(int depth) {
        return ("{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static String huge(Random r, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.toString();
    }

    private static String flip(String v, Random r) {
        char[] c = v.toCharArray();
        int i = r.nextInt(c.length);
        c[i] = c[i] == 'a' ? 'b' : 'a';
        return new String(c);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    @SuppressWarnings("unused")
    private static Map<String, String> sorted(Map<String, String> m) {
        return new TreeMap<>(m);
    }
}
