package org.ogf.saga.task;

/** How the task version of a call runs: already finished, started, or not yet started. */
public enum TaskMode {
    /** The task is created in state NEW; {@link Task#run} starts it. */
    TASK(0),
    /** The task is created and started (state RUNNING). */
    ASYNC(1),
    /** The call runs to completion before the task is returned (state DONE or FAILED). */
    SYNC(2);

    private final int value;

    TaskMode(int value) {
        this.value = value;
    }

    /** The mode's number in GFD.90's enumeration (Task = 0, Async = 1, Sync = 2). */
    public int getValue() {
        return value;
    }
}
