package dev.dispositions.gateway.ingest;

import static dev.dispositions.gateway.ingest.RawHttp.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.DemoDialers;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.dialer.Goldens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every header and query parameter an adapter reads, sent the ways hostile or careless clients send them: empty,
 * huge, negative, 17 digits, not ASCII, with malformed escapes, repeated. Every answer is a 4xx problem body (an
 * event type no dialer sends may be answered "ignored"); none is a 5xx, nothing is stored.
 */
class HostileHeadersTest extends GatewayIntegrationTest {
    @Autowired
    JdbcTemplate jdbc;

    private record Attempt(String what, byte[] target, List<byte[]> headers, byte[] body, boolean mayBeIgnored) {
    }

    /** Values a header may carry that no honest sender sends. */
    private static List<byte[]> hostileValues() {
        List<byte[]> values = new ArrayList<>();
        for (String v : List.of("", " ", "-1", "-99999999999999999999", "99999999999999999", "99999999999999999999999", "0",
                "%zz", "%", "%00", "v1,%%%", "v1,", ",,,", "a".repeat(7000), "1e3", "0x10", "NaN", "+1")) {
            values.add(v.getBytes(StandardCharsets.US_ASCII));
        }
        values.add("é✓ non-ascii".getBytes(StandardCharsets.UTF_8));
        values.add(new byte[] {(byte) 0xFF, (byte) 0xFE, 'x'});
        return values;
    }

    private List<Attempt> attempts() throws Exception {
        List<Attempt> out = new ArrayList<>();
        for (DemoDialers.Dialer d : DemoDialers.all()) {
            byte[] valid = Goldens.bytes(d.sample());
            DemoDialers.Signed signed = d.sign(valid);
            byte[] target = ("/webhooks/" + d.id()).getBytes(StandardCharsets.US_ASCII);
            Map<String, String> good = new LinkedHashMap<>(signed.headers());
            for (String header : good.keySet()) {
                boolean eventType = header.equalsIgnoreCase("x-salesloft-event");
                for (byte[] value : hostileValues()) {
                    out.add(new Attempt(d.id() + " " + header + "=" + preview(value), target, with(d, good, header, value), signed.body(), eventType));
                }
                out.add(new Attempt(d.id() + " " + header + " missing", target, without(d, good, header), signed.body(), eventType));
                out.add(new Attempt(d.id() + " " + header + " repeated", target,
                        repeated(d, good, header, "junk-1", "junk-2"), signed.body(), eventType));
            }
            for (byte[] value : hostileValues()) {
                out.add(new Attempt(d.id() + " Content-Type=" + preview(value), target, with(d, good, "Content-Type", value),
                        signed.body(), false));
            }
            // An unsigned request with a hostile query string: the edge and the signature check must both hold.
            // (Aircall's token is in its body, Dialpad's body is a signed JWT: their unsigned forms are the bare payloads.)
            byte[] unsigned = d.id().equals("aircall") ? Goldens.text(d.sample()).replace("\"token\"", "\"tok\"").getBytes(StandardCharsets.UTF_8)
                    : d.id().equals("dialpad") ? valid : signed.body();
            for (String query : List.of("?x=%zz", "?x=%", "?a=1&a=2", "?" + "q=".repeat(2000), "?%E2%82", "?x=%00")) {
                out.add(new Attempt(d.id() + " query " + preview(query.getBytes(StandardCharsets.US_ASCII)),
                        (new String(target, StandardCharsets.US_ASCII) + query).getBytes(StandardCharsets.US_ASCII),
                        with(d, Map.of(), "Content-Type", d.contentType().getBytes(StandardCharsets.US_ASCII)), unsigned, false));
            }
        }
        // Twilio signs the URL it calls: its query string is read.
        String form = "CallSid=CA1&CallStatus=busy&SequenceNumber=1";
        for (String query : List.of("?x=%zz", "?x=%", "?x=%E2%82", "?a=1&a=2", "?" + "b".repeat(6000))) {
            for (String signature : List.of("", "bad", "a".repeat(7000))) {
                List<byte[]> headers = new ArrayList<>(List.of(line("Content-Type", "application/x-www-form-urlencoded")));
                if (!signature.isEmpty()) {
                    headers.add(line("X-Twilio-Signature", signature));
                }
                out.add(new Attempt("twilio query " + preview(query.getBytes(StandardCharsets.US_ASCII)) + " signature " + preview(
                        signature.getBytes(StandardCharsets.US_ASCII)), ("/webhooks/twilio" + query).getBytes(StandardCharsets.US_ASCII),
                        headers, form.getBytes(StandardCharsets.UTF_8), false));
            }
        }
        return out;
    }

    @Test
    void everyHostileHeaderAndQueryIsA4xxProblemAndNothingIsStored() throws Exception {
        int before = jdbc.queryForObject("select count(*) from call_event", Integer.class);
        List<String> failures = new ArrayList<>();
        List<Attempt> attempts = attempts();
        for (Attempt a : attempts) {
            RawHttp.Response r = RawHttp.send(port, RawHttp.request("POST", a.target(), a.headers(), a.body()));
            String wrong = verdict(r, a.mayBeIgnored());
            if (wrong != null) {
                failures.add(a.what() + ": " + wrong + " " + r.body().substring(0, Math.min(200, r.body().length())));
            }
        }
        assertThat(failures).as("of %d requests, these were not a 4xx problem:%n%s", attempts.size(), String.join("\n", failures)).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from call_event", Integer.class)).as("nothing stored").isEqualTo(before);
        assertThat(attempts).hasSizeGreaterThan(500);
    }

    private String verdict(RawHttp.Response r, boolean mayBeIgnored) throws Exception {
        if (mayBeIgnored && r.status() == 200) {
            return json.readTree(r.body()).path("status").asText().equals("ignored") ? null : "200 but not ignored";
        }
        if (r.status() < 400 || r.status() >= 500) {
            return "status " + r.status();
        }
        if (r.header("Content-Type") == null || !r.header("Content-Type").startsWith("application/problem+json")) {
            return r.status() + " with content type " + r.header("Content-Type");
        }
        JsonNode body = json.readTree(r.body());
        return body.hasNonNull("reason") && body.hasNonNull("detail") ? null : r.status() + " without reason or detail";
    }

    private static List<byte[]> with(DemoDialers.Dialer d, Map<String, String> good, String header, byte[] value) {
        List<byte[]> lines = base(d, good, header);
        byte[] name = (header + ": ").getBytes(StandardCharsets.US_ASCII);
        byte[] full = java.util.Arrays.copyOf(name, name.length + value.length);
        System.arraycopy(value, 0, full, name.length, value.length);
        lines.add(full);
        return lines;
    }

    private static List<byte[]> without(DemoDialers.Dialer d, Map<String, String> good, String header) {
        return base(d, good, header);
    }

    private static List<byte[]> repeated(DemoDialers.Dialer d, Map<String, String> good, String header, String first, String second) {
        List<byte[]> lines = base(d, good, header);
        lines.add(line(header, first));
        lines.add(line(header, second));
        return lines;
    }

    /** The signed request's headers and content type, but for {@code except}. */
    private static List<byte[]> base(DemoDialers.Dialer d, Map<String, String> good, String except) {
        List<byte[]> lines = new ArrayList<>();
        if (!except.equalsIgnoreCase("Content-Type")) {
            lines.add(line("Content-Type", d.contentType()));
        }
        good.forEach((k, v) -> {
            if (!k.equalsIgnoreCase(except)) {
                lines.add(line(k, v));
            }
        });
        return lines;
    }

    private static String preview(byte[] value) {
        String s = new String(value, StandardCharsets.ISO_8859_1);
        return s.length() > 24 ? s.substring(0, 24) + "…(" + s.length() + ")" : "'" + s + "'";
    }
}
