package dev.dispositions.gateway.dialer.generic;

import java.util.Map;

/**
 * The generic dialer's JSON body: the canonical fields, named as in {@code docs/generic-webhook.md}.
 * Times are ISO-8601 strings; they are parsed by the adapter so a bad one can fall back or be named.
 */
record GenericCallEvent(
        String type,
        String callId,
        String occurredAt,
        String outcome,
        String direction,
        String from,
        String to,
        Integer durationSeconds,
        Integer talkTimeSeconds,
        Agent agent,
        Prospect prospect,
        String sentiment,
        String notes,
        String recordingUrl,
        String callbackAt,
        String campaign,
        String list,
        Map<String, String> labels) {

    record Agent(String id, String email) {
    }

    record Prospect(Map<String, String> crmIds, String email, String phone, String name, String company) {
    }
}
