package eu.xtreemos.saga.spi;

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
import org.ogf.saga.monitoring.Callback;
import org.ogf.saga.monitoring.Metric;
import org.ogf.saga.session.Session;
import org.ogf.saga.task.State;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A task running one {@link SagaCall} on a thread of its own (daemon threads, so a forgotten task never
 * keeps the JVM alive). Its outcome is a {@link CompletableFuture}; cancelling interrupts the thread.
 */
public final class TaskImpl<T, E> extends SagaObjectBase implements Task<T, E> {
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "saga-task");
        t.setDaemon(true);
        return t;
    });

    private final T object;
    private final SagaCall<E> call;
    private final CompletableFuture<E> outcome = new CompletableFuture<>();
    private final Metrics metrics = new Metrics(this);
    private final MetricImpl stateMetric;
    private State state = State.NEW;
    private Thread runner;

    private TaskImpl(Session session, T object, SagaCall<E> call) {
        super(session);
        this.object = object;
        this.call = call;
        this.stateMetric = metrics.add(TASK_STATE, "the task's state changed", "ReadOnly", "1", "Enum", State.NEW.name());
    }

    /** The task form of {@code call}: NEW (TASK), started (ASYNC) or finished (SYNC). */
    public static <T, E> Task<T, E> create(TaskMode mode, Session session, T object, SagaCall<E> call) {
        TaskImpl<T, E> t = new TaskImpl<>(session, object, call);
        switch (mode) {
            case TASK -> {
            }
            case ASYNC -> t.start();
            case SYNC -> {
                t.begin(Thread.currentThread());
                t.execute();
            }
        }
        return t;
    }

    private void start() {
        begin(null);
        THREADS.execute(() -> {
            synchronized (this) {
                if (state != State.RUNNING) {
                    return; // cancelled before it started
                }
                runner = Thread.currentThread();
            }
            execute();
        });
    }

    private void begin(Thread thread) {
        synchronized (this) {
            runner = thread;
        }
        change(State.RUNNING);
    }

    private void execute() {
        try {
            E r = call.call();
            if (finish(State.DONE)) {
                outcome.complete(r);
            }
        } catch (SagaException e) {
            if (finish(State.FAILED)) {
                outcome.completeExceptionally(e);
            }
        } catch (RuntimeException | Error e) {
            if (finish(State.FAILED)) {
                outcome.completeExceptionally(new NoSuccessException("the call failed unexpectedly: " + e, e, this));
            }
        } finally {
            synchronized (this) {
                runner = null;
            }
            Thread.interrupted(); // a late cancel must not leak into the pool's next task
        }
    }

    private boolean finish(State s) {
        synchronized (this) {
            if (state != State.RUNNING) {
                return false;
            }
        }
        change(s);
        return true;
    }

    private void change(State s) {
        synchronized (this) {
            state = s;
        }
        stateMetric.fire(s.name());
    }

    @Override
    public void run() throws IncorrectStateException {
        synchronized (this) {
            if (state != State.NEW) {
                throw new IncorrectStateException("task.run: the task is " + state + ", not NEW", this);
            }
        }
        start();
    }

    @Override
    public void waitFor() throws IncorrectStateException, NoSuccessException {
        waitFor(-1f);
    }

    @Override
    public boolean waitFor(float timeoutInSeconds) throws IncorrectStateException, NoSuccessException {
        synchronized (this) {
            if (state == State.NEW) {
                throw new IncorrectStateException("task.waitFor: the task was never run (state NEW)", this);
            }
        }
        try {
            if (timeoutInSeconds < 0) {
                outcome.handle((r, e) -> null).get();
            } else {
                outcome.handle((r, e) -> null).get((long) (timeoutInSeconds * 1e6), TimeUnit.MICROSECONDS);
            }
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoSuccessException("interrupted while waiting for the task", e, this);
        } catch (ExecutionException e) {
            return true;
        }
    }

    @Override
    public void cancel() throws IncorrectStateException {
        cancel(0f);
    }

    @Override
    public void cancel(float timeoutInSeconds) throws IncorrectStateException {
        Thread t;
        synchronized (this) {
            if (state != State.RUNNING) {
                throw new IncorrectStateException("task.cancel: the task is " + state + ", not RUNNING", this);
            }
            t = runner;
        }
        change(State.CANCELED);
        outcome.cancel(false);
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
    }

    @Override
    public synchronized State getState() {
        return state;
    }

    @Override
    public E getResult() throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, IncorrectStateException,
            AlreadyExistsException, DoesNotExistException, TimeoutException, NoSuccessException, SagaIOException {
        State s = getState();
        if (s == State.NEW) {
            throw new IncorrectStateException("task.getResult: the task was never run (state NEW)", this);
        }
        waitFor();
        s = getState();
        if (s == State.FAILED) {
            rethrow(); // GFD.90: get_result on a failed task throws the call's own exception
        }
        if (s != State.DONE) {
            throw new IncorrectStateException("task.getResult: the task is " + s + ", it has no result", this);
        }
        return outcome.join();
    }

    private SagaException failure() {
        try {
            outcome.join();
            return null;
        } catch (CancellationException e) {
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return (SagaException) e.getCause();
        }
    }

    @Override
    public T getObject() {
        return object;
    }

    @Override
    public void rethrow() throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, IncorrectStateException,
            AlreadyExistsException, DoesNotExistException, TimeoutException, NoSuccessException, SagaIOException {
        if (getState() != State.FAILED) {
            return;
        }
        SagaException e = failure();
        if (e instanceof NotImplementedException x) throw x;
        if (e instanceof IncorrectURLException x) throw x;
        if (e instanceof AuthenticationFailedException x) throw x;
        if (e instanceof AuthorizationFailedException x) throw x;
        if (e instanceof PermissionDeniedException x) throw x;
        if (e instanceof BadParameterException x) throw x;
        if (e instanceof IncorrectStateException x) throw x;
        if (e instanceof AlreadyExistsException x) throw x;
        if (e instanceof DoesNotExistException x) throw x;
        if (e instanceof TimeoutException x) throw x;
        if (e instanceof SagaIOException x) throw x;
        if (e instanceof NoSuccessException x) throw x;
        throw new NoSuccessException(e.getMessage(), e, this);
    }

    @Override
    public CompletableFuture<E> toCompletableFuture() {
        return outcome.copy();
    }

    // Future

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        try {
            cancel();
            return true;
        } catch (IncorrectStateException e) {
            return false;
        }
    }

    @Override
    public boolean isCancelled() {
        return getState() == State.CANCELED;
    }

    @Override
    public boolean isDone() {
        return getState().isFinal();
    }

    @Override
    public E get() throws InterruptedException, ExecutionException {
        return outcome.get();
    }

    @Override
    public E get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        return outcome.get(timeout, unit);
    }

    // Monitorable

    @Override
    public String[] listMetrics() {
        return metrics.list();
    }

    @Override
    public Metric getMetric(String name) throws DoesNotExistException {
        return metrics.get(name);
    }

    @Override
    public int addCallback(String name, Callback cb) throws DoesNotExistException, IncorrectStateException {
        return metrics.addCallback(name, cb);
    }

    @Override
    public void removeCallback(String name, int cookie) throws DoesNotExistException, BadParameterException {
        metrics.removeCallback(name, cookie);
    }

    @Override
    public String toString() {
        return "task " + getId() + " (" + getState() + ")";
    }
}
