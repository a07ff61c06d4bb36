package eu.xtreemos.saga.tcp;

import eu.xtreemos.saga.spi.StreamOutputBase;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.session.Session;

import java.io.IOException;

/** A {@link ChannelStream} written as an OutputStream; every write goes to the socket at once. */
final class ChannelStreamOutput extends StreamOutputBase {
    private final ChannelStream stream;

    ChannelStreamOutput(ChannelStream stream, Session session) {
        super(session);
        this.stream = stream;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            stream.writeFrom(b, off, len);
        } catch (SagaException e) {
            throw ChannelStream.io(e);
        }
    }

    @Override
    public void close() {
        stream.close();
    }
}
