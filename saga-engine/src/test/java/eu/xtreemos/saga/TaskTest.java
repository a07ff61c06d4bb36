package eu.xtreemos.saga;

import eu.xtreemos.saga.spi.TaskImpl;
import org.junit.jupiter.api.Test;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.task.State;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class TaskTest {
    @Test
    void syncAsyncAndTaskFormsGiveTheSameResult() throws Exception {
        Task<Object, Integer> sync = TaskImpl.create(TaskMode.SYNC, null, this, () -> 42);
        assertEquals(State.DONE, sync.getState());
        Task<Object, Integer> async = TaskImpl.create(TaskMode.ASYNC, null, this, () -> 42);
        Task<Object, Integer> task = TaskImpl.create(TaskMode.TASK, null, this, () -> 42);
        assertEquals(State.NEW, task.getState());
        assertThrows(IncorrectStateException.class, task::getResult);
        task.run();
        assertThrows(IncorrectStateException.class, task::run, "a task runs once");
        assertEquals(42, sync.getResult());
        assertEquals(42, async.getResult());
        assertEquals(42, task.get());
        assertEquals(42, task.toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertSame(this, task.getObject());
    }

    @Test
    void aFailedTaskRethrowsTheCallsException() throws Exception {
        Task<Object, Integer> t = TaskImpl.create(TaskMode.ASYNC, null, this, () -> {
            throw new TimeoutException("too slow");
        });
        t.waitFor();
        assertEquals(State.FAILED, t.getState());
        assertEquals("too slow", assertThrows(TimeoutException.class, t::rethrow).getMessage());
        assertEquals("too slow", assertThrows(TimeoutException.class, t::getResult).getMessage(),
                "getResult of a failed task throws the call's own exception");
        ExecutionException e = assertThrows(ExecutionException.class, t::get);
        assertInstanceOf(TimeoutException.class, e.getCause());
    }

    @Test
    void cancelInterruptsAndStateMetricFires() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Task<Object, Integer> t = TaskImpl.create(TaskMode.TASK, null, this, () -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                throw new org.ogf.saga.error.NoSuccessException("cancelled", e);
            }
            return 1;
        });
        List<String> states = new ArrayList<>();
        t.addCallback(Task.TASK_STATE, (mt, m, ctx) -> {
            try {
                states.add(m.getAttribute("Value"));
            } catch (org.ogf.saga.error.SagaException e) {
                states.add(e.toString());
            }
            return true;
        });
        t.run();
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertFalse(t.waitFor(0.05f));
        t.cancel();
        assertEquals(State.CANCELED, t.getState());
        assertTrue(t.isCancelled());
        assertEquals(List.of("RUNNING", "CANCELED"), states);
    }
}
