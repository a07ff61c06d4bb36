package eu.xtreemos.saga.tcp;

import eu.xtreemos.saga.spi.StreamInputBase;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.session.Session;

import java.io.IOException;

/** A {@link ChannelStream} read as an InputStream; -1 once the other side closed. Keeps no bytes. */
final class ChannelStreamInput extends StreamInputBase {
    private final ChannelStream stream;

    ChannelStreamInput(ChannelStream stream, Session session) {
        super(session);
        this.stream = stream;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        try {
            int n = stream.readInto(b, off, len);
            return n == 0 ? -1 : n;
        } catch (SagaException e) {
            throw ChannelStream.io(e);
        }
    }

    @Override
    public void close() {
        stream.close();
    }
}
