package org.ogf.saga.monitoring;

import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

/** A {@link Monitorable} whose metric look-ups also come as tasks; {@code T} is the object's type. */
public interface AsyncMonitorable<T> extends Monitorable {
    /** Task form of {@link #listMetrics()}. */
    Task<T, String[]> listMetrics(TaskMode mode) throws NotImplementedException;

    /** Task form of {@link #getMetric(String)}. */
    Task<T, Metric> getMetric(TaskMode mode, String name) throws NotImplementedException;

    /** Task form of {@link #addCallback(String, Callback)}; the task's result is the callback's cookie. */
    Task<T, Integer> addCallback(TaskMode mode, String name, Callback cb) throws NotImplementedException;

    /** Task form of {@link #removeCallback(String, int)}. */
    Task<T, Void> removeCallback(TaskMode mode, String name, int cookie) throws NotImplementedException;
}
