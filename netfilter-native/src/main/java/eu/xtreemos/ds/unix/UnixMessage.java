package eu.xtreemos.ds.unix;

import com.sun.jna.LastErrorException;
import eu.xtreemos.ds.kernel.LibC;

import java.util.Arrays;

/**
 * One received message: its bytes and the fds that came with it (SCM_RIGHTS, already
 * close-on-exec). The message owns its fds until the caller takes them with {@link #takeFd} or
 * {@link #takeFds}; {@link #close} closes every fd not taken. Use it in try-with-resources so an
 * fd the caller did not want is never leaked.
 */
public final class UnixMessage implements AutoCloseable {
    private final byte[] data;
    private final int[] fds;
    /** fds still owned by this message; -1 marks a taken or closed one. */
    private final int[] owned;

    UnixMessage(byte[] data, int[] fds) {
        this.data = data;
        this.fds = fds.clone();
        this.owned = fds.clone();
    }

    /** The message bytes (the array belongs to the caller). */
    public byte[] data() {
        return data;
    }

    /** How many fds came with the message. */
    public int fdCount() {
        return fds.length;
    }

    /**
     * Takes fd number {@code i} (0-based, in the order the sender passed them): the caller now owns
     * it and must close it.
     */
    public synchronized int takeFd(int i) {
        if (i < 0 || i >= fds.length) {
            throw new IndexOutOfBoundsException("fd " + i + " of a message with " + fds.length + " fds");
        }
        if (owned[i] < 0) {
            throw new IllegalStateException("fd " + i + " of this message was already taken or closed");
        }
        owned[i] = -1;
        return fds[i];
    }

    /** Takes every fd not taken yet (see {@link #takeFd}). */
    public synchronized int[] takeFds() {
        int[] out = Arrays.stream(owned).filter(fd -> fd >= 0).toArray();
        Arrays.fill(owned, -1);
        return out;
    }

    /** Closes every fd the caller has not taken. Idempotent. */
    @Override
    public synchronized void close() {
        closeAll(owned);
        Arrays.fill(owned, -1);
    }

    /** Closes each fd >= 0 of {@code fds}, ignoring errors. */
    static void closeAll(int[] fds) {
        for (int fd : fds) {
            if (fd >= 0) {
                try {
                    LibC.close(fd);
                } catch (LastErrorException ignored) {
                    // the fd is gone either way
                }
            }
        }
    }

    @Override
    public String toString() {
        return "UnixMessage[" + data.length + " bytes, " + fds.length + " fds]";
    }
}
