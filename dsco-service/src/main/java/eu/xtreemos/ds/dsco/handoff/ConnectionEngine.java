package eu.xtreemos.ds.dsco.handoff;

import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.RestoredConnection;
import eu.xtreemos.ds.tcp.SocketEngine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What a handoff does to the TCP sockets themselves (the socket engine: TCP_REPAIR freeze, dump, restore), a port
 * like {@link PacketFilter} and {@link Redirect}; the kernel's is {@code daemon.KernelConnectionEngine}.
 */
public interface ConnectionEngine {
    /**
     * Waits up to {@code timeout} until everything written to the socket has been sent; true if it was. Not until it
     * is acknowledged: the client's ACKs that come after the hold reach the restored socket with the held packets.
     */
    boolean flush(int fd, Duration timeout);

    /** Bytes in the socket's send and receive queues: what its dump would carry. */
    long queuedBytes(int fd);

    /** Local and remote end of the connected TCP socket on {@code fd}; throws if it is not one. */
    InetSocketAddress[] endpoints(int fd);

    /** What the client has acknowledged and sent so far. */
    SocketEngine.PeerProgress peerProgress(int fd);

    /** Puts the socket in repair mode: it sends and answers nothing from now on. */
    void freeze(int fd);

    boolean frozen(int fd);

    /** Back to normal operation, in place. */
    void unfreeze(int fd);

    /** The frozen socket's state, queues included. */
    ConnectionState dump(int fd);

    /** A new socket with {@code state}, still in repair mode. */
    RestoredConnection restore(ConnectionState state) throws IOException;

    /**
     * Readies a socket for output commit: its send and receive buffers set to {@code bytes} each (the kernel doubles
     * it for its bookkeeping), and congestion control {@code congestion}.
     */
    void protect(int fd, int bytes, String congestion);

    /** Closes dsco's descriptor (the application holds its own). */
    void close(int fd);
}
