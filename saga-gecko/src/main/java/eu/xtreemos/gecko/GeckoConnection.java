package eu.xtreemos.gecko;

import org.ogf.saga.buffer.Buffer;
import org.ogf.saga.buffer.BufferFactory;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.stream.StreamState;

/**
 * A connection served by Gecko: a non-blocking SAGA stream and the output not yet taken by its socket. Guarded by
 * its client's lock.
 */
final class GeckoConnection implements Connection {
    private final GeckoClient<?> client;
    final Stream stream;
    private final int id;
    private final OutputQueue out = new OutputQueue();
    private Buffer writeBuffer;
    private byte[] writeArray;
    boolean open = true;

    GeckoConnection(GeckoClient<?> client, Stream stream, int id) {
        this.client = client;
        this.stream = stream;
        this.id = id;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public Client client() {
        return client;
    }

    @Override
    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        synchronized (client) {
            if (!open) {
                throw new IllegalStateException("connection " + id + " of " + client + " is closed here"
                        + (client.handedTo() != null ? " (the client was handed off to " + client.handedTo() + ")" : ""));
            }
            out.add(data, offset, length);
            client.changed();
            try {
                flush();
            } catch (SagaException e) {
                client.connectionFailed(this, e); // the reader sees the stream's state and tells the handler
            }
        }
    }

    @Override
    public int offer(byte[] data, int offset, int length) {
        synchronized (client) {
            if (!open) {
                throw new IllegalStateException("connection " + id + " of " + client + " is closed here"
                        + (client.handedTo() != null ? " (the client was handed off to " + client.handedTo() + ")" : ""));
            }
            try {
                flush();
                if (out.size() > 0 || length == 0) {
                    return 0;
                }
                byte[] from = offset == 0 ? data : java.util.Arrays.copyOfRange(data, offset, offset + length);
                int sent = Math.max(0, stream.write(BufferFactory.createBuffer(from), length));
                if (sent > 0) {
                    client.changed();
                }
                return sent;
            } catch (SagaException e) {
                client.connectionFailed(this, e);
                return 0;
            }
        }
    }

    /** Sends what the socket takes now (the stream is non-blocking); the rest stays queued. Under the client's lock. */
    void flush() throws SagaException {
        while (out.size() > 0) {
            if (writeArray != out.array()) {
                writeArray = out.array();
                writeBuffer = BufferFactory.createBuffer(writeArray);
            }
            int n = stream.write(writeBuffer, out.size());
            if (n <= 0) {
                return;
            }
            out.consumed(n);
            client.changed(); // bytes a checkpoint has not covered are in the socket now: dsco holds them until one does
        }
    }

    /** Closes the stream here (the client sees the end of the stream); a failure to close changes nothing more. */
    void closeStream() {
        try {
            stream.close();
        } catch (SagaException e) {
            // already closed or failed: nothing left to release
        }
    }

    /** Output queued but not yet sent, for the handoff. Under the client's lock. */
    byte[] unsent() {
        return out.toArray();
    }

    /** Queues output a donor could not send. Under the client's lock. */
    void requeue(byte[] pending) {
        out.add(pending, 0, pending.length);
    }

    @Override
    public int pending() {
        synchronized (client) {
            return out.size();
        }
    }

    @Override
    public void close() {
        client.closeConnection(this);
    }

    @Override
    public boolean isOpen() {
        synchronized (client) {
            return open && stream.getState() == StreamState.OPEN;
        }
    }

    @Override
    public String toString() {
        return "connection " + id + " of " + client;
    }
}
