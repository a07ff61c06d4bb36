package org.ogf.saga.task;

/** What {@link TaskContainer#waitFor} waits for: all of the container's tasks, or any one of them. */
public enum WaitMode {
    /** Until every task has finished. */
    ALL(0),
    /** Until one task has finished. */
    ANY(1);

    private final int value;

    WaitMode(int value) {
        this.value = value;
    }

    /** The mode's integer value. */
    public int getValue() {
        return value;
    }
}
