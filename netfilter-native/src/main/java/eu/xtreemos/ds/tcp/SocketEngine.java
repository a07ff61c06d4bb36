package eu.xtreemos.ds.tcp;

import eu.xtreemos.ds.kernel.ErrnoException;
import eu.xtreemos.ds.kernel.LinuxSocket;
import eu.xtreemos.ds.kernel.TcpInfo;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static eu.xtreemos.ds.kernel.LibC.TCPOPT_MAXSEG;
import static eu.xtreemos.ds.kernel.LibC.TCPOPT_SACK_PERM;
import static eu.xtreemos.ds.kernel.LibC.TCPOPT_TIMESTAMP;
import static eu.xtreemos.ds.kernel.LibC.TCPOPT_WINDOW;
import static eu.xtreemos.ds.kernel.LibC.TCP_RECV_QUEUE;
import static eu.xtreemos.ds.kernel.LibC.TCP_SEND_QUEUE;
import static eu.xtreemos.ds.tcp.TcpRepair.*;

/**
 * Moves established TCP connections with the kernel's TCP_REPAIR: freeze, dump, restore, activate.
 * Dump and restore mirror each other field by field (docs/connection-state.md gives the order and why).
 *
 * <p>Before {@link #freeze}, the caller must stop the peer's packets from reaching this socket (a
 * socket in repair mode still acknowledges and queues what arrives, and those bytes would be missing
 * from the dump), and should {@link #flush} so that no unacknowledged data has to wait for a
 * retransmission timeout on the new host. A failed kernel call is a {@link SocketRepairException} naming
 * the call and the errno.
 */
public final class SocketEngine {
    /** The kernel refuses TCP_MAXSEG above MAX_TCP_WINDOW and below TCP_MIN_MSS. */
    private static final int MAX_USER_MSS = 32767;
    private static final int MIN_USER_MSS = 88;
    private static final int TCPI_OPTIONS_KEPT = ConnectionState.OPT_TIMESTAMPS | ConnectionState.OPT_SACK | ConnectionState.OPT_WSCALE;

    private SocketEngine() {
    }

    /** Puts a connected socket into repair mode: it sends nothing from now on, not even on close. */
    public static void freeze(int fd) {
        try {
            setRepair(new LinuxSocket(fd), true);
        } catch (ErrnoException e) {
            throw fail(e);
        }
    }

    /** Whether the socket is in repair mode (frozen). */
    public static boolean frozen(int fd) {
        try {
            return repair(new LinuxSocket(fd));
        } catch (ErrnoException e) {
            throw fail(e);
        }
    }

    /** Takes a frozen socket out of repair mode where it is: the undo of {@link #freeze} after a failed handoff. */
    public static void unfreeze(int fd) {
        LinuxSocket s = new LinuxSocket(fd);
        try {
            setRepair(s, false);
            s.setReuseAddress(true);
        } catch (ErrnoException e) {
            throw fail(e);
        }
    }

    /** Reads the whole state of a frozen, established socket. The socket is left frozen and open. */
    public static ConnectionState dump(int fd) {
        try {
            return dump(new LinuxSocket(fd));
        } catch (ErrnoException e) {
            throw fail(e);
        }
    }

    private static ConnectionState dump(LinuxSocket s) throws ErrnoException {
        TcpInfo info = s.tcpInfo();
        if (!info.established()) {
            throw new SocketRepairException(s + " is in TCP state " + info.state()
                    + "; only ESTABLISHED connections can be moved");
        }
        InetSocketAddress local = s.localAddress();
        InetSocketAddress remote = s.remoteAddress();
        boolean v4 = local.getAddress() instanceof Inet4Address;

        int sendLen = s.sendQueueBytes();
        int unsent = s.unsentBytes();
        int sendSeq = queueSeq(s, TCP_SEND_QUEUE);
        byte[] sendQueue = peekQueue(s, TCP_SEND_QUEUE, sendLen);
        // A frozen socket still takes segments that were already past the packet filter when the client was
        // held (and, under load, that can be a while). The receive queue, its sequence number and the window
        // must come from one moment, or the restore is refused (TCP_REPAIR_WINDOW: rcv_wup after rcv_nxt) or,
        // worse, misplaces bytes: read them until two readings agree.
        int recvLen, recvSeq;
        byte[] recvQueue;
        int[] window;
        for (int attempt = 1; ; attempt++) {
            recvLen = s.receiveQueueBytes();
            recvSeq = queueSeq(s, TCP_RECV_QUEUE);
            recvQueue = peekQueue(s, TCP_RECV_QUEUE, recvLen);
            window = window(s);
            boolean still = queueSeq(s, TCP_RECV_QUEUE) == recvSeq && s.receiveQueueBytes() == recvLen;
            if (still && window[4] - recvSeq <= 0) { // rcv_wup not after rcv_nxt
                break;
            }
            if (attempt == 20) {
                throw new SocketRepairException(s + ": its receive queue kept changing while frozen");
            }
            Thread.onSpinWait();
        }

        int options = info.options() & TCPI_OPTIONS_KEPT;
        int mss = s.tcpMaxSegment();
        int timestamp = s.tcpTimestamp();

        int flags = (s.tcpNoDelay() ? ConnectionState.FLAG_NODELAY : 0)
                | (s.keepAlive() ? ConnectionState.FLAG_KEEPALIVE : 0);
        return new ConnectionState(local, remote, options, flags,
                info.sendWindowScale(), info.receiveWindowScale(), mss, sendSeq, recvSeq, timestamp, window, unsent,
                s.sendBufferSize(), s.receiveBufferSize(),
                s.tcpKeepIdle(), s.tcpKeepInterval(), s.tcpKeepCount(),
                v4 ? s.ipTos() : s.ipv6TrafficClass(),
                v4 ? s.ipTtl() : s.ipv6UnicastHops(),
                s.tcpCongestion(), sendQueue, recvQueue);
    }

    /**
     * Rebuilds {@code s} in {@code target}, a fresh unconnected socket of the right family on a host that
     * owns {@code s.local()}. The connection is left in repair mode (silent) until
     * {@link RestoredConnection#activate}. On failure the target is closed and nothing was sent.
     */
    public static RestoredConnection restore(ConnectionState s, RepairableSocket target) throws IOException {
        LinuxSocket socket = new LinuxSocket(target.fd());
        try {
            setRepair(socket, true);
            setSendBuffer(socket, s.sndbuf(), s.sendQueue().length);
            setReceiveBuffer(socket, s.rcvbuf());
            target.bind(s.local());
            setQueueSeq(socket, TCP_SEND_QUEUE, s.sendSeq() - s.sendQueue().length);
            setQueueSeq(socket, TCP_RECV_QUEUE, s.recvSeq() - s.recvQueue().length);
            if (s.mss() > 0) {
                socket.setTcpMaxSegment(userMss(s));
            }
            target.connect(s.remote());

            setRepairOptions(socket, repairOptions(s));
            socket.setTcpTimestamp(s.timestamp()); // without it PAWS drops everything
            writeQueue(socket, TCP_RECV_QUEUE, s.recvQueue(), s.recvQueue().length);
            writeQueue(socket, TCP_SEND_QUEUE, s.sendQueue(), s.sendSent());
            setWindow(socket, TcpRepair.restorable(s.window(), s.recvSeq()));
            applySocketOptions(socket, s);
            return new RestoredConnection(target, s);
        } catch (ErrnoException e) {
            target.close(); // still in repair mode: closing sends nothing
            throw fail(e);
        } catch (IOException | RuntimeException e) {
            target.close();
            throw e;
        }
    }

    /**
     * Waits until every byte in the socket's send queue is acknowledged, or the timeout passes.
     * The kernel has no wakeup for "send queue fully acknowledged" (the seed's TCPCP polled in the
     * kernel for the same reason), so this sleeps between checks for a fraction of the smoothed RTT,
     * never spinning.
     *
     * @return true if the queue is empty
     */
    public static boolean flush(int fd, Duration timeout) {
        return waitForSendQueue(fd, timeout, false);
    }

    /**
     * Waits until every byte in the socket's send queue has been sent (it may still be unacknowledged), or the
     * timeout passes: the wait is for the network, never for the peer's delayed ACK (up to 40 ms and more on
     * Linux), which a handoff need not wait for because the ACK reaches the restored socket among the held
     * packets. Polls as {@link #flush} does.
     *
     * @return true if nothing is left unsent
     */
    public static boolean awaitSent(int fd, Duration timeout) {
        return waitForSendQueue(fd, timeout, true);
    }

    private static boolean waitForSendQueue(int fd, Duration timeout, boolean sentIsEnough) {
        LinuxSocket s = new LinuxSocket(fd);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                if ((sentIsEnough ? s.unsentBytes() : s.sendQueueBytes()) == 0) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                long rttMicros = s.tcpInfo().rtt();
                long pause = Math.min(Math.max(TimeUnit.MICROSECONDS.toNanos(rttMicros) / 8, 50_000), 1_000_000);
                LockSupport.parkNanos(Math.min(pause, left));
            }
        } catch (ErrnoException e) {
            throw fail(e);
        }
    }

    /** The local and the remote address of a connected TCP socket: {local, remote}. */
    public static InetSocketAddress[] endpoints(int fd) {
        LinuxSocket s = new LinuxSocket(fd);
        try {
            return new InetSocketAddress[] {s.localAddress(), s.remoteAddress()};
        } catch (ErrnoException e) {
            throw fail(e);
        }
    }

    /** The socket's {@code tcp_info}, typed. */
    public static TcpInfo tcpInfo(int fd) {
        try {
            return new LinuxSocket(fd).tcpInfo();
        } catch (ErrnoException e) {
            throw fail(e);
        }
    }

    /** Segments this socket has retransmitted in its life (tcpi_total_retrans). */
    public static int totalRetransmits(int fd) {
        return (int) tcpInfo(fd).totalRetrans();
    }

    /**
     * What the peer has told this socket since it was created or restored: bytes acknowledged
     * (tcpi_bytes_acked) and segments received (tcpi_segs_in), from one reading of tcp_info.
     */
    public record PeerProgress(long bytesAcked, long segmentsIn) {}

    public static PeerProgress peerProgress(int fd) {
        TcpInfo info = tcpInfo(fd);
        return new PeerProgress(info.bytesAcked(), info.segmentsIn());
    }

    /** Bytes in the receive queue, not yet read by the application. */
    public static int receiveQueueBytes(int fd) {
        try {
            return new LinuxSocket(fd).receiveQueueBytes();
        } catch (ErrnoException e) {
            throw fail(e);
        }
    }

    /** Bytes in the send queue (unacknowledged or unsent). */
    public static int sendQueueBytes(int fd) {
        try {
            return new LinuxSocket(fd).sendQueueBytes();
        } catch (ErrnoException e) {
            throw fail(e);
        }
    }

    static void activate(int fd, ConnectionState s) {
        LinuxSocket socket = new LinuxSocket(fd);
        try {
            setRepair(socket, false); // sends a window probe, which carries an up-to-date ACK
            socket.setReuseAddress(true); // leaving repair mode cleared it
            write(socket, s.sendQueue(), s.sendSent(), s.sendUnsent(), "never-sent tail of the send queue");
        } catch (ErrnoException e) {
            throw fail(e);
        }
    }

    private static int[][] repairOptions(ConnectionState s) {
        List<int[]> opts = new ArrayList<>();
        if (s.mss() > 0) {
            opts.add(new int[] {TCPOPT_MAXSEG, s.mss()});
        }
        // Always, with 0/0 when scaling was not negotiated: connect() picked a receive scale for a
        // handshake that never happened, and a peer that does not scale would read our window too small.
        opts.add(new int[] {TCPOPT_WINDOW, s.sndWscale() | (s.rcvWscale() << 16)});
        if (s.has(ConnectionState.OPT_SACK)) {
            opts.add(new int[] {TCPOPT_SACK_PERM, 0});
        }
        if (s.has(ConnectionState.OPT_TIMESTAMPS)) {
            opts.add(new int[] {TCPOPT_TIMESTAMP, 0});
        }
        return opts.toArray(int[][]::new);
    }

    /**
     * TCP_MAXSEG before connect: the recorded MSS, but at most 32767 (the option's limit; loopback's MSS
     * is larger, the repair option then sets it exactly) and at most half the peer's largest window, the
     * bound a handshake would have applied (else a peer with a small window gets one segment per
     * persist-timer tick).
     */
    private static int userMss(ConnectionState s) {
        long v = s.mss() & 0xffffL;
        long maxWindow = s.window()[2] & 0xffffffffL;
        if (maxWindow > 0 && v > maxWindow / 2) {
            v = maxWindow / 2;
        }
        return (int) Math.max(MIN_USER_MSS, Math.min(MAX_USER_MSS, v));
    }

    /**
     * Buffer sizes as recorded, but the send buffer at least twice the send queue plus 64 KiB (so the
     * queue and its never-sent tail fit), forced past net.core.[rw]mem_max (autotuned buffers grow beyond
     * it) with the *FORCE options, which need the same CAP_NET_ADMIN as TCP_REPAIR.
     */
    private static int bufferSize(int recorded, int queue) {
        long want = recorded & 0xffffffffL;
        long need = 2L * queue + 65536;
        if (queue > 0 && need > want) {
            want = need;
        }
        return (int) Math.min(want / 2, Integer.MAX_VALUE / 2); // the kernel doubles what is set
    }

    private static void setSendBuffer(LinuxSocket s, int recorded, int queue) throws ErrnoException {
        int v = bufferSize(recorded, queue);
        if (v == 0) {
            return;
        }
        try {
            s.forceSendBufferSize(v);
        } catch (ErrnoException e) {
            s.setSendBufferSize(v);
        }
    }

    private static void setReceiveBuffer(LinuxSocket s, int recorded) throws ErrnoException {
        int v = bufferSize(recorded, 0);
        if (v == 0) {
            return;
        }
        try {
            s.forceReceiveBufferSize(v);
        } catch (ErrnoException e) {
            s.setReceiveBufferSize(v);
        }
    }

    private static void applySocketOptions(LinuxSocket socket, ConnectionState s) throws ErrnoException {
        socket.setTcpNoDelay(s.flag(ConnectionState.FLAG_NODELAY));
        socket.setKeepAlive(s.flag(ConnectionState.FLAG_KEEPALIVE));
        if (s.keepIdle() > 0) {
            socket.setTcpKeepIdle(s.keepIdle());
        }
        if (s.keepIntvl() > 0) {
            socket.setTcpKeepInterval(s.keepIntvl());
        }
        if (s.keepCnt() > 0) {
            socket.setTcpKeepCount(s.keepCnt());
        }
        if (s.ipv4()) {
            socket.setIpTos(s.tos());
            socket.setIpTtl(s.ttl());
        } else {
            socket.setIpv6TrafficClass(s.tos());
            socket.setIpv6UnicastHops(s.ttl());
        }
        if (!s.congestion().isEmpty()) {
            try {
                socket.setTcpCongestion(s.congestion());
            } catch (ErrnoException e) {
                // The algorithm may not exist on this host; the connection works with the default one.
                LoggerFactory.getLogger(SocketEngine.class).warn("keeping the default congestion control: {}", e.getMessage());
            }
        }
    }
}
