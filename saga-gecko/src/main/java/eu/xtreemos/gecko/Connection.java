package eu.xtreemos.gecko;

/**
 * One TCP connection of a client. Its {@link #id()} stays the same when the client is handed to another node,
 * so a handler can key per-connection state by it.
 */
public interface Connection {
    /** The connection's number within its client: 0, 1, … in the order they opened; kept across handoffs. */
    int id();

    /** The client it belongs to. */
    Client client();

    /**
     * Queues {@code data} for sending and sends as much as the socket takes now; never blocks. What is not sent
     * when the client is handed off is sent by the receiving node, in order.
     */
    void write(byte[] data);

    /** Queues {@code length} bytes of {@code data} from {@code offset}; see {@link #write(byte[])}. */
    void write(byte[] data, int offset, int length);

    /**
     * Sends as much of {@code length} bytes of {@code data} from {@code offset} as the socket takes now, and queues
     * nothing: for a handler that sends at its own pace and regenerates what did not go (a stream at a steady
     * rate). Returns 0 while output from {@link #write} is still queued, so the order of the bytes is kept.
     *
     * @return how many bytes were sent, from {@code offset} on
     */
    int offer(byte[] data, int offset, int length);

    /** Bytes written but not yet taken by the socket (a handler sending at its own pace can wait for 0). */
    int pending();

    /** Closes the connection (the client sees the end of the stream). */
    void close();

    /** Whether the connection is open here. */
    boolean isOpen();
}
