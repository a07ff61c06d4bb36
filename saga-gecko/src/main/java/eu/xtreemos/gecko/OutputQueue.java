package eu.xtreemos.gecko;

import java.util.Arrays;

/** Bytes written to a connection and not yet taken by its socket, oldest first. Not thread-safe. */
final class OutputQueue {
    private byte[] buf = new byte[0];
    private int len;

    void add(byte[] data, int offset, int length) {
        if (len + length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(len + length, Math.max(1024, buf.length * 2)));
        }
        System.arraycopy(data, offset, buf, len, length);
        len += length;
    }

    int size() {
        return len;
    }

    /** The array holding the bytes in [0, size()). */
    byte[] array() {
        return buf;
    }

    /** The first {@code n} bytes were sent. */
    void consumed(int n) {
        System.arraycopy(buf, n, buf, 0, len - n);
        len -= n;
        if (len == 0 && buf.length > 256 * 1024) {
            buf = new byte[0]; // do not keep a burst's buffer for the connection's life
        }
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, len);
    }
}
