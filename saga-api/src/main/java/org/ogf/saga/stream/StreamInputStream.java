package org.ogf.saga.stream;

import java.io.InputStream;

/**
 * A {@link Stream}'s data as a {@link java.io.InputStream}. Reading it is reading the stream: it keeps no
 * bytes of its own beyond the ones a single {@code read} call returns.
 */
public abstract class StreamInputStream extends InputStream {
}
