package eu.xtreemos.ds.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Work a test runs beside its own thread: a reader, a writer, a sender. What such work throws must fail the
 * test, and so must work that never ends: an exception thrown in a plain {@link Thread} only ends that thread,
 * and a test that joins it, or checks that it is no longer alive, passes. Each task's outcome is kept;
 * {@link #await} rethrows the first failure as it was thrown and fails naming any task still running at the
 * deadline. Closing interrupts what still runs and reports failures not reported yet (in try-with-resources,
 * as suppressed exceptions of the test's own failure), so a task's failure is seen even when the test's own
 * thread failed first.
 */
public final class Background implements AutoCloseable {
    /** Work that may throw anything. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private record Task(String name, Future<?> future) {
    }

    private final ExecutorService pool;
    private final List<Task> tasks = new ArrayList<>();
    private boolean reported;

    /** Threads named {@code <name>-<task>}; daemons, so a task stuck in a system call never keeps the JVM alive. */
    public Background(String name) {
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts {@code work} in a thread of its own. */
    public synchronized Future<?> start(String name, Work work) {
        Future<?> f = pool.submit(() -> {
            work.run();
            return null;
        });
        tasks.add(new Task(name, f));
        return f;
    }

    /**
     * Waits until every task started so far has ended, at most {@code timeout} in all. The first task that failed
     * (in the order started) has its exception rethrown; a task still running at the deadline fails the test.
     */
    public void await(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Task> all;
        synchronized (this) {
            all = List.copyOf(tasks);
        }
        for (Task t : all) {
            try {
                t.future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                reported = true;
                throw new AssertionError("'" + t.name + "' did not end within " + timeout.toMillis() + " ms");
            } catch (ExecutionException e) {
                reported = true;
                throw rethrowable(t.name, e.getCause());
            }
        }
        // each task ended without an exception
    }

    private static Exception rethrowable(String task, Throwable cause) {
        if (cause instanceof Error err) {
            throw err; // an AssertionError of the task is the test's failure as it stands
        }
        if (cause instanceof Exception ex) {
            return ex;
        }
        return new Exception("'" + task + "' failed", cause);
    }

    /** Interrupts what still runs; a task that failed and was not reported by {@link #await} fails the test now. */
    @Override
    public void close() {
        pool.shutdownNow();
        if (reported) {
            return;
        }
        AssertionError failures = null;
        List<Task> all;
        synchronized (this) {
            all = List.copyOf(tasks);
        }
        for (Task t : all) {
            if (t.future.isDone() && !t.future.isCancelled()) {
                try {
                    t.future.get();
                } catch (ExecutionException e) {
                    if (failures == null) {
                        failures = new AssertionError("'" + t.name + "' failed: " + e.getCause(), e.getCause());
                    } else {
                        failures.addSuppressed(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (failures != null) {
            throw failures;
        }
    }
}
