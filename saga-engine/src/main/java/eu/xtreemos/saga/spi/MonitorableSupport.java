package eu.xtreemos.saga.spi;

import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.monitoring.AsyncMonitorable;
import org.ogf.saga.monitoring.Callback;
import org.ogf.saga.monitoring.Metric;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

/** {@link AsyncMonitorable} on a {@link Metrics} set: implement {@link #metrics} and {@link #taskOf}. */
public interface MonitorableSupport<T> extends AsyncMonitorable<T> {
    Metrics metrics();

    <E> Task<T, E> taskOf(TaskMode mode, SagaCall<E> call);

    @Override
    default String[] listMetrics() {
        return metrics().list();
    }

    @Override
    default Metric getMetric(String name) throws DoesNotExistException {
        return metrics().get(name);
    }

    @Override
    default int addCallback(String name, Callback cb) throws DoesNotExistException, IncorrectStateException {
        return metrics().addCallback(name, cb);
    }

    @Override
    default void removeCallback(String name, int cookie) throws DoesNotExistException, BadParameterException {
        metrics().removeCallback(name, cookie);
    }

    @Override
    default Task<T, String[]> listMetrics(TaskMode mode) {
        return taskOf(mode, this::listMetrics);
    }

    @Override
    default Task<T, Metric> getMetric(TaskMode mode, String name) {
        return taskOf(mode, () -> getMetric(name));
    }

    @Override
    default Task<T, Integer> addCallback(TaskMode mode, String name, Callback cb) {
        return taskOf(mode, () -> addCallback(name, cb));
    }

    @Override
    default Task<T, Void> removeCallback(TaskMode mode, String name, int cookie) {
        return taskOf(mode, () -> {
            removeCallback(name, cookie);
            return null;
        });
    }
}
