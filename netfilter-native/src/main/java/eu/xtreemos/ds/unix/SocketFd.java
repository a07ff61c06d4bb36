package eu.xtreemos.ds.unix;

import com.sun.jna.LastErrorException;
import eu.xtreemos.ds.kernel.Errno;
import eu.xtreemos.ds.kernel.LibC;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;

/**
 * A socket fd that one thread may close while others are blocked in calls on it.
 *
 * <p>Closing an fd under a thread that is (or is about to be) blocked in {@code accept} or
 * {@code recvmsg} is wrong twice over: Linux does not wake the blocked call, and the fd number can be
 * reused by an unrelated {@code open} before the other thread enters (or re-enters) the call. So
 * {@link #close} first calls {@code shutdown(SHUT_RDWR)}, which wakes every blocked call and is
 * sticky (a call entered afterwards returns at once: accept with EINVAL, recv with 0, send with
 * EPIPE), and the fd itself is closed only when the last call in flight has returned.
 */
final class SocketFd {
    /** How long {@link #close} waits for calls in flight to return before leaving the close to them. */
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    @FunctionalInterface
    interface Call<T> {
        T run(int fd) throws LastErrorException;
    }

    private final int fd;
    private final Object lock = new Object();
    private int inFlight;
    private boolean closing;
    private boolean closed;

    SocketFd(int fd) {
        this.fd = fd;
    }

    /** The fd number, for calls that cannot block (getsockopt and the like). */
    int fd() {
        return fd;
    }

    /**
     * Runs {@code call} on the fd, retrying on EINTR. A call that fails because the socket is being
     * closed throws {@link AsynchronousCloseException}; a call on a closed socket throws
     * {@link ClosedChannelException}; other failures come back as {@link LastErrorException}.
     * A call that succeeds returns its result even when a close raced with it, so nothing it
     * produced (an accepted socket, received fds) is lost; callers that see an end-of-stream result
     * check {@link #isClosing()}.
     */
    <T> T call(Call<T> call) throws IOException {
        synchronized (lock) {
            if (closing) {
                throw new ClosedChannelException();
            }
            inFlight++;
        }
        try {
            while (true) {
                try {
                    return call.run(fd);
                } catch (LastErrorException e) {
                    if (isClosing()) {
                        AsynchronousCloseException ace = new AsynchronousCloseException();
                        ace.initCause(e);
                        throw ace;
                    }
                    if (e.getErrorCode() != Errno.EINTR) {
                        throw e;
                    }
                }
            }
        } finally {
            synchronized (lock) {
                if (--inFlight == 0 && closing && !closed) {
                    closeNow();
                }
            }
        }
    }

    boolean isClosing() {
        synchronized (lock) {
            return closing;
        }
    }

    /**
     * Closes the socket, waking threads blocked on it. Returns once the fd is closed, or after
     * {@value #CLOSE_WAIT_MILLIS} ms if a call in flight has not returned yet (the last one to
     * return closes the fd then). Idempotent.
     */
    void close() {
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
            if (inFlight == 0) {
                closeNow();
                return;
            }
            try {
                LibC.shutdown(fd, LibC.SHUT_RDWR);
            } catch (LastErrorException ignored) {
                // ENOTCONN on a socket that was never connected: nothing to wake then but accept,
                // and shutdown of a listening socket succeeds
            }
            long deadline = System.nanoTime() + CLOSE_WAIT_MILLIS * 1_000_000;
            boolean interrupted = false;
            while (!closed) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Under {@link #lock}. */
    private void closeNow() {
        closed = true;
        try {
            LibC.close(fd);
        } catch (LastErrorException ignored) {
            // the fd is released even when close reports an error
        }
        lock.notifyAll();
    }

    @Override
    public String toString() {
        return "fd " + fd;
    }
}
