package org.ogf.saga.task;

/** How the task version of a call runs: already finished, started, or not yet started. */
public enum TaskMode {
    /** The task is created in state NEW; {@link Task#run} starts it. */
    TASK,
    /** The task is created and started (state RUNNING). */
    ASYNC,
    /** The call runs to completion before the task is returned (state DONE or FAILED). */
    SYNC
}
