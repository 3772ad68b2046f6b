package dev.dispositions.gateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every status and outcome named in the five seed pages (docs/sources.md#seed-pages) lands on its canonical outcome. */
class SeedVocabularyTest {
    private static final MappingCatalog CATALOG = MappingCatalogs.packaged();

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // Symbo's call-outcomes guide (docs/sources.md#symbo): the twelve essential outcomes
            "symbo | Connected — Interested         | INTERESTED",
            "symbo | Connected — Not Interested     | NOT_INTERESTED",
            "symbo | Connected — Callback Requested | CALLBACK_REQUESTED",
            "symbo | Meeting Booked                 | MEETING_BOOKED",
            "symbo | Gatekeeper                     | GATEKEEPER",
            "symbo | Disqualified                   | DISQUALIFIED",
            "symbo | No Answer                      | NO_ANSWER",
            "symbo | Left Voicemail                 | LEFT_VOICEMAIL",
            "symbo | Busy Signal                    | BUSY",
            "symbo | Wrong Number                   | WRONG_NUMBER",
            "symbo | Disconnected / Not in Service  | DISCONNECTED",
            "symbo | Do Not Contact                 | DO_NOT_CONTACT",
            // SAMI's outcomes help page (docs/sources.md#sami): the eight outcome tags
            "sami | Successful transfer | TRANSFERRED",
            "sami | Missed transfer     | TRANSFER_MISSED",
            "sami | Needs follow up     | FOLLOW_UP",
            "sami | Contact later       | CALLBACK_REQUESTED",
            "sami | Opt out             | DO_NOT_CONTACT",
            "sami | Not interested      | NOT_INTERESTED",
            "sami | Unqualified         | DISQUALIFIED",
            "sami | Bad number          | WRONG_NUMBER",
            // Calliyo (docs/sources.md#calliyo): the seven call statuses (the lead statuses that refine "Called": RefinementsAndTimesTest)
            "calliyo | Called         | CONNECTED",
            "calliyo | Busy           | BUSY",
            "calliyo | No Answer      | NO_ANSWER",
            "calliyo | Missed         | MISSED_INBOUND",
            "calliyo | In-progress    | LIVE",
            "calliyo | Follow up      | FOLLOW_UP",
            "calliyo | Rescheduled    | CALLBACK_REQUESTED",
            // Salesfinity's status definitions (docs/sources.md#salesfinity): the eight call statuses
            "salesfinity | Ringing   | LIVE",
            "salesfinity | Listening | LIVE",
            "salesfinity | Answered  | LIVE",
            "salesfinity | Completed | CONNECTED",
            "salesfinity | No Answer | NO_ANSWER",
            "salesfinity | Failed    | FAILED",
            "salesfinity | Busy      | BUSY",
            "salesfinity | Canceled  | CANCELED",
            // Salesloft's Log a Call article (docs/sources.md#salesloft): suggested dispositions and the sentiments it names
            "salesloft | Connected       | CONNECTED",
            "salesloft | No Answer       | NO_ANSWER",
            "salesloft | Busy            | BUSY",
            "salesloft | Left Voicemail  | LEFT_VOICEMAIL",
            "salesloft | demo scheduled  | MEETING_BOOKED",
            "salesloft | company-bad fit | DISQUALIFIED",
            // Twilio (docs/sources.md#twilio): call statuses and answering-machine results
            "twilio | completed:human            | CONNECTED",
            "twilio | completed:machine_end_beep | LEFT_VOICEMAIL",
            "twilio | no-answer                  | NO_ANSWER",
            "twilio | busy                       | BUSY",
            "twilio | failed                     | FAILED",
            "twilio | canceled                   | CANCELED",
            "twilio | ringing                    | LIVE",
            "twilio | in-progress                | LIVE"})
    void everySeedStatusLandsOnItsCanonicalOutcome(String dialer, String label, String expected) {
        DialerMapping mapping = CATALOG.dialer(dialer).orElseThrow();
        LabelResolution r = mapping.resolve(label, null);
        if ("LIVE".equals(expected)) {
            assertThat(r.live()).as("%s is a live state", label).isTrue();
        } else {
            assertThat(r.fallbackUsed()).as("%s is in the table, not a fallback", label).isFalse();
            assertThat(r.outcome()).hasToString(expected);
        }
    }
}
