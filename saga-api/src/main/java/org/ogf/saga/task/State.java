package org.ogf.saga.task;

/** The states of a task (GFD.90, section 3.10): NEW → RUNNING → DONE, CANCELED or FAILED. */
public enum State {
    NEW(1), RUNNING(2), DONE(3), CANCELED(4), FAILED(5), SUSPENDED(6);

    private final int value;

    State(int value) {
        this.value = value;
    }

    public int getValue() {
        return value;
    }

    /** True for DONE, CANCELED and FAILED: the task will not change any more. */
    public boolean isFinal() {
        return this == DONE || this == CANCELED || this == FAILED;
    }
}
