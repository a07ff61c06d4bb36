package eu.xtreemos.saga;

import eu.xtreemos.saga.spi.TaskImpl;
import org.junit.jupiter.api.Test;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.monitoring.Metric;
import org.ogf.saga.monitoring.MonitoringFactory;
import org.ogf.saga.task.State;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskContainer;
import org.ogf.saga.task.TaskFactory;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.task.WaitMode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class TaskContainerTest {
    private static void awaitQuietly(CountDownLatch l) {
        try {
            l.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String value(Metric m) {
        try {
            return m.getAttribute(Metric.VALUE);
        } catch (SagaException e) {
            return "error: " + e;
        }
    }

    @Test
    void anyReturnsTheFirstFinishedTaskAndAllWaitsForEveryOne() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Task<Object, Integer> quick = TaskImpl.create(TaskMode.TASK, null, this, () -> 1);
        Task<Object, Integer> slow = TaskImpl.create(TaskMode.TASK, null, this, () -> {
            awaitQuietly(release);
            return 2;
        });
        TaskContainer c = TaskFactory.createTaskContainer();
        List<String> changed = new ArrayList<>();
        c.addCallback(TaskContainer.TASKCONTAINER_STATE, (m, metric, ctx) -> {
            synchronized (changed) {
                changed.add(value(metric));
            }
            return true;
        });
        c.add(quick);
        c.add(slow);
        c.add(quick);
        assertEquals(2, c.size(), "a task is in a container once");
        assertThrows(IncorrectStateException.class, () -> c.waitFor(WaitMode.ANY), "tasks never run cannot be waited for");
        c.run();
        assertSame(quick, c.waitFor(WaitMode.ANY), "the finished one, while the other still runs");
        assertEquals(1, c.size(), "the returned task left the container");
        assertNull(c.waitFor(0.1f, WaitMode.ALL), "the slow one is still running");
        assertEquals(State.RUNNING, c.getStates()[0]);
        release.countDown();
        assertSame(slow, c.waitFor());
        assertEquals(2, slow.getResult());
        assertThrows(DoesNotExistException.class, c::waitFor, "an empty container has nothing to wait for");
        synchronized (changed) {
            assertTrue(changed.contains(quick.getId()) && changed.contains(slow.getId()), changed.toString());
        }
    }

    @Test
    void runRefusesTasksAlreadyStartedAndCancelStopsTheRunningOnes() throws Exception {
        Task<Object, Integer> started = TaskImpl.create(TaskMode.ASYNC, null, this, () -> {
            awaitQuietly(new CountDownLatch(1)); // until cancelled (interrupted)
            return 0;
        });
        TaskContainer c = TaskFactory.createTaskContainer();
        c.add(started);
        assertThrows(IncorrectStateException.class, c::run);
        assertSame(started, c.getTask(started.getId()));
        c.cancel();
        assertSame(started, c.waitFor(5f));
        assertEquals(State.CANCELED, started.getState());
        assertThrows(DoesNotExistException.class, () -> c.remove(started));
    }

    @Test
    void applicationMetricsFireTheirCallbacks() throws Exception {
        Metric m = MonitoringFactory.createMetric("app.sessions", "open sessions", "ReadWrite", "1", "Int", "0");
        List<String> seen = new ArrayList<>();
        m.addCallback((monitorable, metric, ctx) -> seen.add(value(metric)));
        m.setAttribute(Metric.VALUE, "3");
        m.fire();
        assertEquals(List.of("3"), seen);
        Metric ro = MonitoringFactory.createMetric("app.started", "", "ReadOnly", "", "Trigger", "1");
        assertThrows(PermissionDeniedException.class, ro::fire);
        assertThrows(BadParameterException.class, () -> MonitoringFactory.createMetric("x", "", "Sometimes", "", "Int", "0"));
    }
}
