package dev.dispositions.gateway.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a label missing from its dialer's table becomes when it reads like an opt-out ({@link OptOutPhrases}).
 * Honouring an opt-out by mistake costs a lead; ignoring one is a TCPA violation: hence the default.
 */
public enum PossibleOptOut {
    /** DO_NOT_CONTACT, with the locked do-not-call in every CRM and a warning on the event. */
    @JsonProperty("do-not-contact") DO_NOT_CONTACT,
    /** 422 {@code possible_opt_out}: the dialer must map the label and send the call again. */
    @JsonProperty("reject") REJECT;

    /** As written in files and configuration. */
    public String written() {
        return this == REJECT ? "reject" : "do-not-contact";
    }

    /** From its written form; null for anything else. */
    public static PossibleOptOut parse(String written) {
        return "reject".equals(written) ? REJECT : "do-not-contact".equals(written) ? DO_NOT_CONTACT : null;
    }
}
