package eu.xtreemos.ds.saga.examples;

import java.nio.ByteBuffer;

/**
 * The demo's data (bin/ds-demo, {@link StreamDemoServer} and its client): stream {@code id} carries at position
 * {@code i} a byte that depends on both, so a lost, repeated or reordered byte shows up at the first position
 * where it happens. A connection starts with its 4-byte id; it carries stream {@link #upstream} from the client
 * and {@link #downstream} back, or, if interactive ({@link #ECHO}), numbered requests and their answers.
 */
public final class StreamPattern {
    private StreamPattern() {
    }

    public static byte at(int id, long i) {
        long x = (i + id * 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        return (byte) ((x ^ (x >>> 29)) >>> 48);
    }

    /** Fills {@code b} from its position to its limit with stream {@code id} starting at {@code from}. */
    public static void fill(ByteBuffer b, int id, long from) {
        for (long i = from; b.hasRemaining(); i++) {
            b.put(at(id, i));
        }
    }

    /** Index of the first byte of {@code b}[0, n) that differs from the stream starting at {@code from}, or -1. */
    public static int firstMismatch(ByteBuffer b, int n, int id, long from) {
        for (int k = 0; k < n; k++) {
            if (b.get(k) != at(id, from + k)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Connection ids with this bit are interactive: the client sends numbered requests, {@link #REQUEST_BYTES}
     * each, and the service answers each at once with {@link #answer} of its number.
     */
    public static final int ECHO = 1 << 24;

    /** A request on an interactive connection is its number, 1, 2, 3 … in order, as 8 bytes big-endian; so is an answer. */
    public static final int REQUEST_BYTES = 8;

    /**
     * The answer to request {@code n}: its bitwise complement. It is not {@code n} itself, so an echo of the
     * request (a service that answered without reading it) is wrong too, and, negative, it is no request's number.
     */
    public static long answer(long n) {
        return ~n;
    }

    public static boolean isEcho(int connId) {
        return (connId & ECHO) != 0;
    }

    /** Connection ids with this bit are idle: the service sends nothing on them (it still checks what it gets). */
    public static final int IDLE = 1 << 23;

    public static boolean isIdle(int connId) {
        return (connId & IDLE) != 0;
    }

    /** Stream from client to server of connection {@code connId}. */
    public static int upstream(int connId) {
        return connId * 2;
    }

    public static int downstream(int connId) {
        return connId * 2 + 1;
    }
}
