package eu.xtreemos.ds.kernel;

import com.sun.jna.LastErrorException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A named network namespace (as made by {@code ip netns add}) that Java code can work in.
 *
 * <p>{@code setns(2)} moves only the calling thread, and a socket stays in the namespace where it
 * was created. So each namespace gets its own single-thread executor whose thread has entered it:
 * sockets opened by tasks on that executor live in the namespace, and can afterwards be used
 * from any thread.
 */
public final class NetNamespace implements AutoCloseable {
    private static final Path NETNS_DIR = Path.of("/var/run/netns");

    private final String name;
    private final ExecutorService executor;

    /** Whether the current executor thread has entered its namespace (entering is per thread). */
    private final ThreadLocal<Boolean> entered = ThreadLocal.withInitial(() -> false);

    private NetNamespace(String name) {
        this.name = name;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "netns-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the namespace {@code name}. Fails at once, with a clear message, if it does not exist or
     * cannot be entered.
     */
    public static NetNamespace open(String name) {
        if (!Files.exists(NETNS_DIR.resolve(name))) {
            throw new IllegalArgumentException("network namespace '" + name + "' does not exist (no "
                    + NETNS_DIR.resolve(name) + ")");
        }
        NetNamespace ns = new NetNamespace(name);
        try {
            ns.run(() -> { });
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    public String name() {
        return name;
    }

    /** Runs {@code task} on this namespace's thread and waits for its result. */
    public <T> T call(Callable<T> task) throws Exception {
        Future<T> f = executor.submit(() -> {
            if (!entered.get()) { // tasks are wrapped, so a failure to enter reaches the caller
                enter(name);
                entered.set(true);
            }
            return task.call();
        });
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** Like {@link #call} for tasks without a result and without checked exceptions. */
    public void run(Runnable task) {
        try {
            call(() -> {
                task.run();
                return null;
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts a long-running task on a new daemon thread inside this namespace; throws if the thread
     * cannot enter it (the task then never runs).
     */
    public Thread start(String threadName, Runnable task) {
        java.util.concurrent.CompletableFuture<Void> in = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                enter(name);
            } catch (RuntimeException e) {
                in.completeExceptionally(e);
                return;
            }
            in.complete(null);
            task.run();
        }, threadName);
        t.setDaemon(true);
        t.start();
        try {
            in.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
        return t;
    }

    /** Moves the calling thread into the named namespace. */
    public static void enter(String name) {
        Path p = NETNS_DIR.resolve(name);
        int fd;
        try {
            fd = LibC.open(p.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IllegalStateException("cannot open " + p + ": " + Errno.describe(e), e);
        }
        try {
            LibC.setns(fd, LibC.CLONE_NEWNET);
        } catch (LastErrorException e) {
            throw new IllegalStateException("setns(" + p + ") failed: " + Errno.describe(e)
                    + (e.getErrorCode() == Errno.EPERM ? " (needs CAP_SYS_ADMIN: run as root)" : ""), e);
        } finally {
            LibC.close(fd);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "netns " + name;
    }
}
