package org.ogf.saga.task;

/**
 * Marks a SAGA object whose calls also come in asynchronous forms: each such call has a variant taking a
 * {@link TaskMode} first and returning a {@link Task} (SYNC: already done; ASYNC: running; TASK: not yet
 * started, {@link Task#run} starts it).
 */
public interface Async {
}
