package org.ogf.saga.task;

import org.ogf.saga.SagaObject;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.monitoring.Monitorable;

/**
 * A set of tasks handled together (GFD.90 section 3.10): run them all, wait for all or any of them, cancel them
 * all. Made by {@link TaskFactory#createTaskContainer}. Its metric {@value #TASKCONTAINER_STATE} fires when one
 * of its tasks changes state, with that task's id as the value.
 */
public interface TaskContainer extends SagaObject, Monitorable {
    /** Metric: a task of the container changed state; the value is its id. */
    String TASKCONTAINER_STATE = "task_container.state";

    /** Adds {@code task} (a task already in the container stays once). */
    void add(Task<?, ?> task) throws NotImplementedException, TimeoutException, NoSuccessException;

    /**
     * Removes {@code task}.
     *
     * @throws DoesNotExistException the task is not in the container
     */
    void remove(Task<?, ?> task) throws NotImplementedException, DoesNotExistException, TimeoutException,
            NoSuccessException;

    /**
     * Runs every task (all must be NEW).
     *
     * @throws IncorrectStateException a task is not NEW
     * @throws DoesNotExistException   the container is empty
     */
    void run() throws NotImplementedException, IncorrectStateException, DoesNotExistException, TimeoutException,
            NoSuccessException;

    /** Waits, without limit, until all tasks have finished; returns one of them. */
    Task<?, ?> waitFor() throws NotImplementedException, IncorrectStateException, DoesNotExistException,
            TimeoutException, NoSuccessException;

    /**
     * Waits, without limit, until all ({@link WaitMode#ALL}) or one ({@link WaitMode#ANY}) of the tasks has
     * finished (DONE, FAILED or CANCELED), and returns a finished task, which leaves the container.
     *
     * @throws IncorrectStateException a task was never run (NEW)
     * @throws DoesNotExistException   the container is empty
     */
    Task<?, ?> waitFor(WaitMode mode) throws NotImplementedException, IncorrectStateException,
            DoesNotExistException, TimeoutException, NoSuccessException;

    /** {@link #waitFor(float, WaitMode)} with {@link WaitMode#ALL}. */
    Task<?, ?> waitFor(float timeoutInSeconds) throws NotImplementedException, IncorrectStateException,
            DoesNotExistException, TimeoutException, NoSuccessException;

    /**
     * As {@link #waitFor(WaitMode)}, waiting at most {@code timeoutInSeconds} (negative: no limit, 0: just look).
     *
     * @return the finished task, or null if the wait ran out first
     */
    Task<?, ?> waitFor(float timeoutInSeconds, WaitMode mode) throws NotImplementedException,
            IncorrectStateException, DoesNotExistException, TimeoutException, NoSuccessException;

    /** Cancels every running task. */
    void cancel() throws NotImplementedException, IncorrectStateException, DoesNotExistException, TimeoutException,
            NoSuccessException;

    /** Cancels every running task, giving them {@code timeoutInSeconds} to stop. */
    void cancel(float timeoutInSeconds) throws NotImplementedException, IncorrectStateException,
            DoesNotExistException, TimeoutException, NoSuccessException;

    /** How many tasks the container holds. */
    int size() throws NotImplementedException, TimeoutException, NoSuccessException;

    /**
     * The task with the id {@code id}.
     *
     * @throws DoesNotExistException no task of the container has that id
     */
    Task<?, ?> getTask(String id) throws NotImplementedException, DoesNotExistException, TimeoutException,
            NoSuccessException;

    /** The container's tasks. */
    Task<?, ?>[] getTasks() throws NotImplementedException, TimeoutException, NoSuccessException;

    /** The states of the container's tasks, in the order of {@link #getTasks()}. */
    State[] getStates() throws NotImplementedException, TimeoutException, NoSuccessException;
}
