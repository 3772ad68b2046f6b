package dev.dispositions.gateway.canonical;

/** Reporting bucket of an outcome (Symbo, docs/sources.md#symbo: connected, unreachable, compliance; plus bad data and not placed). */
public enum OutcomeCategory {
    CONNECTED, UNREACHABLE, BAD_DATA, NOT_PLACED, COMPLIANCE
}
