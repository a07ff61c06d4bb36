package eu.xtreemos.saga.engine;

import eu.xtreemos.saga.spi.MetricImpl;
import eu.xtreemos.saga.spi.Metrics;
import eu.xtreemos.saga.spi.SagaObjectBase;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.monitoring.Callback;
import org.ogf.saga.monitoring.Metric;
import org.ogf.saga.task.State;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskContainer;
import org.ogf.saga.task.WaitMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task container. Waiting is woken by the tasks' state metrics and also looks every 50 ms, so tasks of
 * another implementation, whose metrics may not fire, are waited for too.
 */
final class TaskContainerImpl extends SagaObjectBase implements TaskContainer {
    /** Each task with the cookie of the callback on its state metric (0: none). */
    private final Map<Task<?, ?>, Integer> tasks = new LinkedHashMap<>();
    private final Metrics metrics = new Metrics(this);
    private final MetricImpl stateMetric;

    TaskContainerImpl() {
        super(null);
        stateMetric = metrics.add(TASKCONTAINER_STATE, "a task of the container changed state", "ReadOnly", "1",
                "String", "");
    }

    private static boolean finished(State s) {
        return s == State.DONE || s == State.FAILED || s == State.CANCELED;
    }

    @Override
    public void add(Task<?, ?> task) throws NoSuccessException {
        if (task == null) {
            throw new NoSuccessException("task container: cannot add a null task", this);
        }
        synchronized (this) {
            if (tasks.containsKey(task)) {
                return;
            }
            tasks.put(task, 0);
        }
        Callback cb = (monitorable, metric, context) -> {
            stateMetric.fire(task.getId());
            synchronized (this) {
                notifyAll();
            }
            return true;
        };
        try {
            int cookie = task.addCallback(Task.TASK_STATE, cb);
            synchronized (this) {
                tasks.replace(task, cookie);
            }
        } catch (SagaException e) {
            // a task without a state metric: waiting looks at it every 50 ms
        }
    }

    @Override
    public void remove(Task<?, ?> task) throws DoesNotExistException {
        Integer cookie;
        synchronized (this) {
            cookie = tasks.remove(task);
        }
        if (cookie == null) {
            throw new DoesNotExistException("task container: " + describe(task) + " is not in it", this);
        }
        if (cookie != 0) {
            try {
                task.removeCallback(Task.TASK_STATE, cookie);
            } catch (SagaException e) {
                // the task is gone or closed: its callback will not fire again anyway
            }
        }
    }

    private static String describe(Task<?, ?> t) {
        return t == null ? "null" : "task " + t.getId();
    }

    private synchronized List<Task<?, ?>> snapshot(String call) throws DoesNotExistException {
        if (tasks.isEmpty()) {
            throw new DoesNotExistException("task container " + call + ": the container is empty", this);
        }
        return new ArrayList<>(tasks.keySet());
    }

    private static State state(Task<?, ?> t) throws NoSuccessException {
        try {
            return t.getState();
        } catch (SagaException e) {
            throw new NoSuccessException("task " + t.getId() + ": its state is unknown: " + e.getMessage(), e);
        }
    }

    @Override
    public void run() throws IncorrectStateException, DoesNotExistException, NoSuccessException {
        List<Task<?, ?>> all = snapshot("run");
        for (Task<?, ?> t : all) {
            if (state(t) != State.NEW) {
                throw new IncorrectStateException("task container run: task " + t.getId() + " is " + state(t)
                        + ", not NEW; no task was started", this);
            }
        }
        for (Task<?, ?> t : all) {
            try {
                t.run();
            } catch (IncorrectStateException e) {
                throw e;
            } catch (SagaException e) {
                throw new NoSuccessException("task container run: task " + t.getId() + ": " + e.getMessage(), e, this);
            }
        }
    }

    @Override
    public Task<?, ?> waitFor() throws IncorrectStateException, DoesNotExistException, NoSuccessException {
        return waitFor(-1f, WaitMode.ALL);
    }

    @Override
    public Task<?, ?> waitFor(WaitMode mode) throws IncorrectStateException, DoesNotExistException, NoSuccessException {
        return waitFor(-1f, mode);
    }

    @Override
    public Task<?, ?> waitFor(float timeoutInSeconds) throws IncorrectStateException, DoesNotExistException,
            NoSuccessException {
        return waitFor(timeoutInSeconds, WaitMode.ALL);
    }

    @Override
    public Task<?, ?> waitFor(float timeoutInSeconds, WaitMode mode) throws IncorrectStateException,
            DoesNotExistException, NoSuccessException {
        WaitMode m = mode == null ? WaitMode.ALL : mode;
        long deadline = timeoutInSeconds < 0 ? Long.MAX_VALUE : System.nanoTime() + (long) (timeoutInSeconds * 1e9);
        while (true) {
            Task<?, ?> done = null;
            int finished = 0;
            List<Task<?, ?>> all = snapshot("waitFor");
            for (Task<?, ?> t : all) {
                State s = state(t);
                if (s == State.NEW) {
                    throw new IncorrectStateException("task container waitFor: task " + t.getId()
                            + " was never run (state NEW)", this);
                }
                if (finished(s)) {
                    finished++;
                    done = done == null ? t : done;
                }
            }
            if (done != null && (m == WaitMode.ANY || finished == all.size())) {
                remove(done);
                return done;
            }
            long left = deadline == Long.MAX_VALUE ? 50 : (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return null;
            }
            synchronized (this) {
                try {
                    wait(Math.min(50, left));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NoSuccessException("task container waitFor interrupted", e, this);
                }
            }
        }
    }

    @Override
    public void cancel() throws IncorrectStateException, DoesNotExistException, NoSuccessException {
        cancel(0f);
    }

    @Override
    public void cancel(float timeoutInSeconds) throws IncorrectStateException, DoesNotExistException,
            NoSuccessException {
        for (Task<?, ?> t : snapshot("cancel")) {
            if (state(t) != State.RUNNING) {
                continue;
            }
            try {
                t.cancel(timeoutInSeconds);
            } catch (IncorrectStateException e) {
                // it finished meanwhile
            } catch (SagaException e) {
                throw new NoSuccessException("task container cancel: task " + t.getId() + ": " + e.getMessage(), e, this);
            }
        }
    }

    @Override
    public synchronized int size() {
        return tasks.size();
    }

    @Override
    public synchronized Task<?, ?> getTask(String id) throws DoesNotExistException {
        for (Task<?, ?> t : tasks.keySet()) {
            if (t.getId().equals(id)) {
                return t;
            }
        }
        throw new DoesNotExistException("task container: no task has the id " + id, this);
    }

    @Override
    public synchronized Task<?, ?>[] getTasks() {
        return tasks.keySet().toArray(new Task<?, ?>[0]);
    }

    @Override
    public State[] getStates() throws NoSuccessException {
        Task<?, ?>[] all = getTasks();
        State[] states = new State[all.length];
        for (int i = 0; i < all.length; i++) {
            states[i] = state(all[i]);
        }
        return states;
    }

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
        return "task container " + getId() + " (" + size() + " tasks)";
    }
}
