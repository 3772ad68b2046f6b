package dev.dispositions.gateway.canonical;

/** Whether the call has ended. Only COMPLETED calls are written to a CRM; IN_PROGRESS ones stay on the timeline. */
public enum CallState {
    IN_PROGRESS, COMPLETED
}
