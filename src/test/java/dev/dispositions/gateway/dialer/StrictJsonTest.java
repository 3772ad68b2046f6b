package dev.dispositions.gateway.dialer;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A signed body must mean one thing: JSON that parsers read differently is refused with 400, naming where. */
class StrictJsonTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`{\"outcome\":\"BUSY\",\"outcome\":\"DO_NOT_CONTACT\"}`          | $               | a key appears twice in one object: 'outcome'",
            "`{\"call\":{\"id\":\"a\",\"id\":\"b\"}}`                          | $.call          | a key appears twice in one object: 'id'",
            "`{\"outcome\":\"BUSY\"} {\"outcome\":\"DO_NOT_CONTACT\"}`         |                 | there is content after the JSON document",
            "`{\"outcome\":\"BUSY\"}garbage`                                   |                 | there is content after the JSON document",
            "`{\"notes\":\"\\ud800 alone\"}`                                  | $.notes         | a string holds a lone surrogate U+D800",
            "`{\"notes\":\"\\udc00\"}`                                        | $.notes         | a string holds a lone surrogate U+DC00",
            "`{\"call\":{\"notes\":[\"ok\",\"bell\\u0007\"]}}`                | $.call.notes[1] | a string holds the control character U+0007",
            "`{\"no\\u0000te\":1}`                                            | $.no            | a key holds the control character U+0000"})
    void isRefusedNamingTheProblem(String body, String field, String detail) {
        assertThatThrownBy(() -> StrictJson.check(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(WebhookRejected.class, r -> {
                    org.assertj.core.api.Assertions.assertThat(r.status()).isEqualTo(400);
                    org.assertj.core.api.Assertions.assertThat(r.reason()).isEqualTo("malformed_body");
                    org.assertj.core.api.Assertions.assertThat(r.getMessage()).startsWith(detail);
                    if (field != null) {
                        org.assertj.core.api.Assertions.assertThat(r.field()).startsWith(field);
                    }
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"notes\":\"tab\\there, new\\nline, return\\r, emoji \\ud83d\\ude00\"}", "  {\"a\":[1,2,{\"b\":null}]}\n",
            "{\"same\":1,\"nested\":{\"same\":2}}"})
    void acceptsWhatIsPlainlyOneDocument(String body) {
        assertThatCode(() -> StrictJson.check(body.getBytes(StandardCharsets.UTF_8))).doesNotThrowAnyException();
    }
}
