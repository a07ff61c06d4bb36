package org.ogf.saga.monitoring;

import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

/**
 * The task forms of {@link Steerable}'s calls (GFD.90 section 3.10): {@code T} is the type of the object
 * the returned tasks belong to.
 */
public interface AsyncSteerable<T> extends Steerable {
    Task<T, Boolean> addMetric(TaskMode mode, Metric metric) throws NotImplementedException;
    Task<T, Void> fireMetric(TaskMode mode, String name) throws NotImplementedException;
    Task<T, Void> removeMetric(TaskMode mode, String name) throws NotImplementedException;
}
