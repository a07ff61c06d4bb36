package eu.xtreemos.saga.tcp;

import org.ogf.saga.error.IncorrectStateException;

/**
 * Lets I/O calls on a socket through one at a time per direction, and lets a handoff stop them: while
 * frozen, new calls wait; {@link #freeze} waits for calls already inside to leave (they never block
 * inside: the socket is non-blocking). After a handoff the gate is {@link #shut} for good and waiting
 * calls fail with the reason.
 */
final class IoGate {
    private int inside;
    private boolean frozen;
    private String shutReason;

    /** Enters, waiting while frozen; fails once shut. */
    synchronized void enter() throws IncorrectStateException, InterruptedException {
        while (frozen && shutReason == null) {
            wait();
        }
        if (shutReason != null) {
            throw new IncorrectStateException(shutReason);
        }
        inside++;
    }

    synchronized void exit() {
        inside--;
        notifyAll();
    }

    /**
     * Stops new calls, then wakes the ones inside with {@code wake} (again every 50 ms: a wake-up may be
     * used up by a wait that began before the gate was frozen) until none is inside.
     */
    synchronized void freeze(Runnable wake) throws InterruptedException {
        frozen = true;
        while (inside > 0) {
            wake.run();
            wait(50);
        }
    }

    synchronized boolean isFrozen() {
        return frozen;
    }

    /** Lets calls through again (the handoff failed). */
    synchronized void thaw() {
        frozen = false;
        notifyAll();
    }

    /** No call will ever pass again; waiting ones get {@code reason}. */
    synchronized void shut(String reason) {
        if (shutReason == null) {
            shutReason = reason;
        }
        notifyAll();
    }

    synchronized String shutReason() {
        return shutReason;
    }
}
