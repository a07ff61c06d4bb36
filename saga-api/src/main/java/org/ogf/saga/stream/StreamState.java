package org.ogf.saga.stream;

/**
 * The states of a {@link Stream} (GFD.90, section 4.5): NEW (created, not connected) → OPEN (connected)
 * → CLOSED (closed by this side), DROPPED (closed by the other side) or ERROR (failed).
 */
public enum StreamState {
    NEW(1), OPEN(2), CLOSED(3), DROPPED(4), ERROR(5);

    private final int value;

    StreamState(int value) {
        this.value = value;
    }

    public int getValue() {
        return value;
    }
}
