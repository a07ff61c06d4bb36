package eu.xtreemos.ds.mobility;

import java.util.Arrays;

/** A growable big-endian octet buffer for the encoder. */
final class WireWriter {
    private byte[] buf = new byte[64];
    private int len;

    int position() {
        return len;
    }

    WireWriter u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    WireWriter u16(int v) {
        return u8(v >>> 8).u8(v);
    }

    WireWriter u64(long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            u8((int) (v >>> shift));
        }
        return this;
    }

    WireWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    WireWriter zeros(int n) {
        ensure(n);
        len += n; // the buffer is zero where nothing was written
        return this;
    }

    void put(int at, int v) {
        buf[at] = (byte) v;
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, len);
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
