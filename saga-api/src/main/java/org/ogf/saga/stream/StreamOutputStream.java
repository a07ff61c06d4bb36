package org.ogf.saga.stream;

import java.io.OutputStream;

/** A {@link Stream} as a {@link java.io.OutputStream}; every write goes to the stream at once (no buffering). */
public abstract class StreamOutputStream extends OutputStream {
}
