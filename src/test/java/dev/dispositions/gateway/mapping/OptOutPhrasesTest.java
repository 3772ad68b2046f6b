package dev.dispositions.gateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which unmapped labels read like an opt-out: whole words on the normal form. */
class OptOutPhrasesTest {

    @ParameterizedTest
    @ValueSource(strings = {"do not call", "Do-Not-Call", "DO NOT CONTACT", "DNC", "dnc - asked twice", "Opt out", "opt-out", "OPTOUT",
            "Unsubscribe", "please remove me from your list", "Stop calling!", "take me off the list", "Don\u2019t call again",
            "dont contact", "opted out by text", "Prospect: opt me out", "revoked consent"})
    void readsLikeAnOptOut(String label) {
        assertThat(OptOutPhrases.readLikeAnOptOut(label)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"DNCR check passed", "Pricing Discussed", "stop", "No Answer", "Do not disturb", "removed",
            "callback", "opportunity", "Contact later", "Called", "do not", "unsub"})
    void doesNotReadLikeAnOptOut(String label) {
        assertThat(OptOutPhrases.readLikeAnOptOut(label)).isFalse();
    }
}
