package dev.dispositions.gateway.canonical;

public enum Direction {
    INBOUND, OUTBOUND
}
