package org.ogf.saga.task;

import org.ogf.saga.SagaObject;
import org.ogf.saga.error.AlreadyExistsException;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.error.SagaIOException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.monitoring.Monitorable;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;

/**
 * An asynchronous call (GFD.90, section 3.10): {@code T} is the type of the object that made it, {@code E}
 * the call's result. A task is also a {@link Future}, and the metric {@value #TASK_STATE} fires on every
 * state change.
 */
public interface Task<T, E> extends SagaObject, Monitorable, Future<E> {
    /** Metric: fires on every state change; its value is the new state's name. */
    String TASK_STATE = "task.state";

    /**
     * Starts a task created in state NEW.
     *
     * @throws IncorrectStateException the task is not in state NEW
     */
    void run() throws NotImplementedException, IncorrectStateException, TimeoutException, NoSuccessException;

    /**
     * Waits until the task is in a final state (the specification's {@code wait}).
     *
     * @throws IncorrectStateException the task is in state NEW
     */
    void waitFor() throws NotImplementedException, IncorrectStateException, TimeoutException, NoSuccessException;

    /**
     * Waits at most {@code timeoutInSeconds} (negative: for ever; 0: just look).
     *
     * @return true if the task is in a final state
     * @throws IncorrectStateException the task is in state NEW
     */
    boolean waitFor(float timeoutInSeconds) throws NotImplementedException, IncorrectStateException,
            TimeoutException, NoSuccessException;

    /**
     * Cancels a running task.
     *
     * @throws IncorrectStateException the task is not running
     */
    void cancel() throws NotImplementedException, IncorrectStateException, TimeoutException, NoSuccessException;

    /** Cancels a running task, allowing {@code timeoutInSeconds} to free its resources. */
    void cancel(float timeoutInSeconds) throws NotImplementedException, IncorrectStateException, TimeoutException,
            NoSuccessException;

    /** The task's state now. */
    State getState() throws NotImplementedException, TimeoutException, NoSuccessException;

    /**
     * The call's result; waits for it if the task is running. If the call failed, this throws the exception
     * the call threw (as {@link #rethrow} does).
     *
     * @throws IncorrectStateException the task is NEW or CANCELED, or the call itself threw it
     */
    E getResult() throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, IncorrectStateException,
            AlreadyExistsException, DoesNotExistException, TimeoutException, NoSuccessException, SagaIOException;

    /** The object the task was created from. */
    T getObject() throws NotImplementedException, TimeoutException, NoSuccessException;

    /** Throws the exception the failed call threw; does nothing if the task did not fail. */
    void rethrow() throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, IncorrectStateException,
            AlreadyExistsException, DoesNotExistException, TimeoutException, NoSuccessException, SagaIOException;

    /**
     * This task as a {@link CompletableFuture} (an addition to the binding, for composing with modern Java):
     * it completes with the result, or exceptionally with the call's {@link org.ogf.saga.error.SagaException}.
     * A task in state NEW is not started by this call. It is a default method, so a Task written to the binding
     * need not implement it; this form waits for the task on a thread of the common pool.
     */
    default CompletableFuture<E> toCompletableFuture() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                waitUntilRun(this);
                return getResult();
            } catch (SagaException e) {
                throw new CompletionException(e);
            }
        });
    }

    private static void waitUntilRun(Task<?, ?> t) throws SagaException {
        while (t.getState() == State.NEW) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NoSuccessException("interrupted while waiting for the task to be run", e);
            }
        }
    }
}
