package eu.xtreemos.ds.dsco.peer;

import java.io.ByteArrayOutputStream;

/** A byte array stream of a known final size: its buffer is the result, not a copy of it. */
final class ExactBuffer extends ByteArrayOutputStream {
    ExactBuffer(int size) {
        super(size);
    }

    /** The buffer, once exactly its size has been written. */
    byte[] filled() {
        if (count != buf.length) {
            throw new IllegalStateException("wrote " + count + " bytes into a buffer of " + buf.length);
        }
        return buf;
    }
}
