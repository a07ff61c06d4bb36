package eu.xtreemos.ds.tcp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static eu.xtreemos.ds.tcp.TcpRepair.*;

/**
 * Moves established TCP connections with the kernel's TCP_REPAIR: freeze, dump, restore, activate.
 * Dump and restore mirror each other field by field (docs/connection-state.md gives the order and why).
 *
 * <p>Before {@link #freeze}, the caller must stop the peer's packets from reaching this socket (a
 * socket in repair mode still acknowledges and queues what arrives, and those bytes would be missing
 * from the dump), and should {@link #flush} so that no unacknowledged data has to wait for a
 * retransmission timeout on the new host.
 */
public final class SocketEngine {
    private static final int TCP_ESTABLISHED = 1;
    /** The kernel refuses TCP_MAXSEG above MAX_TCP_WINDOW and below TCP_MIN_MSS. */
    private static final int MAX_USER_MSS = 32767;
    private static final int MIN_USER_MSS = 88;

    private SocketEngine() {
    }

    /** Puts a connected socket into repair mode: it sends nothing from now on, not even on close. */
    public static void freeze(int fd) {
        setRepair(fd, true);
    }

    /** Whether the socket is in repair mode (frozen). */
    public static boolean frozen(int fd) {
        return getInt(fd, SOL_TCP, TCP_REPAIR, "TCP_REPAIR") != 0;
    }

    /** Takes a frozen socket out of repair mode where it is: the undo of {@link #freeze} after a failed handoff. */
    public static void unfreeze(int fd) {
        setRepair(fd, false);
        setInt(fd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
    }

    /** Reads the whole state of a frozen, established socket. The socket is left frozen and open. */
    public static ConnectionState dump(int fd) {
        ByteBuffer info = tcpInfo(fd);
        int state = info.get(0);
        if (state != TCP_ESTABLISHED) {
            throw new SocketRepairException("socket fd " + fd + " is in TCP state " + state
                    + "; only ESTABLISHED connections can be moved");
        }
        InetSocketAddress local = localAddress(fd);
        InetSocketAddress remote = remoteAddress(fd);
        boolean v4 = local.getAddress() instanceof java.net.Inet4Address;

        int sendLen = ioctl(fd, SIOCOUTQ, "SIOCOUTQ");
        int unsent = ioctl(fd, SIOCOUTQNSD, "SIOCOUTQNSD");
        int sendSeq = queueSeq(fd, TCP_SEND_QUEUE);
        byte[] sendQueue = peekQueue(fd, TCP_SEND_QUEUE, sendLen);
        // A frozen socket still takes segments that were already past the packet filter when the client was
        // held (and, under load, that can be a while). The receive queue, its sequence number and the window
        // must come from one moment, or the restore is refused (TCP_REPAIR_WINDOW: rcv_wup after rcv_nxt) or,
        // worse, misplaces bytes: read them until two readings agree.
        int recvLen, recvSeq;
        byte[] recvQueue;
        int[] window;
        for (int attempt = 1; ; attempt++) {
            recvLen = ioctl(fd, SIOCINQ, "SIOCINQ");
            recvSeq = queueSeq(fd, TCP_RECV_QUEUE);
            recvQueue = peekQueue(fd, TCP_RECV_QUEUE, recvLen);
            window = window(fd);
            boolean still = queueSeq(fd, TCP_RECV_QUEUE) == recvSeq && ioctl(fd, SIOCINQ, "SIOCINQ") == recvLen;
            if (still && window[4] - recvSeq <= 0) { // rcv_wup not after rcv_nxt
                break;
            }
            if (attempt == 20) {
                throw new SocketRepairException("socket fd " + fd + ": its receive queue kept changing while frozen");
            }
            Thread.onSpinWait();
        }

        int options = info.get(5) & (ConnectionState.OPT_TIMESTAMPS | ConnectionState.OPT_SACK | ConnectionState.OPT_WSCALE);
        int wscales = info.get(6) & 0xff;
        int mss = getInt(fd, SOL_TCP, TCP_MAXSEG, "TCP_MAXSEG");
        int timestamp = getInt(fd, SOL_TCP, TCP_TIMESTAMP, "TCP_TIMESTAMP");

        int flags = (getInt(fd, SOL_TCP, TCP_NODELAY, "TCP_NODELAY") != 0 ? ConnectionState.FLAG_NODELAY : 0)
                | (getInt(fd, SOL_SOCKET, SO_KEEPALIVE, "SO_KEEPALIVE") != 0 ? ConnectionState.FLAG_KEEPALIVE : 0);
        return new ConnectionState(local, remote, options, flags,
                wscales & 0xf, wscales >>> 4, mss, sendSeq, recvSeq, timestamp, window, unsent,
                getInt(fd, SOL_SOCKET, SO_SNDBUF, "SO_SNDBUF"), getInt(fd, SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF"),
                getInt(fd, SOL_TCP, TCP_KEEPIDLE, "TCP_KEEPIDLE"), getInt(fd, SOL_TCP, TCP_KEEPINTVL, "TCP_KEEPINTVL"),
                getInt(fd, SOL_TCP, TCP_KEEPCNT, "TCP_KEEPCNT"),
                v4 ? getInt(fd, SOL_IP, IP_TOS, "IP_TOS") : getInt(fd, SOL_IPV6, IPV6_TCLASS, "IPV6_TCLASS"),
                v4 ? getInt(fd, SOL_IP, IP_TTL, "IP_TTL") : getInt(fd, SOL_IPV6, IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS"),
                congestion(fd), sendQueue, recvQueue);
    }

    /**
     * Rebuilds {@code s} in {@code target}, a fresh unconnected socket of the right family on a host that
     * owns {@code s.local()}. The connection is left in repair mode (silent) until
     * {@link RestoredConnection#activate}. On failure the target is closed and nothing was sent.
     */
    public static RestoredConnection restore(ConnectionState s, RepairableSocket target) throws IOException {
        int fd = target.fd();
        try {
            setRepair(fd, true);
            setBuffer(fd, SO_SNDBUFFORCE, SO_SNDBUF, s.sndbuf(), s.sendQueue().length, "SO_SNDBUF");
            setBuffer(fd, SO_RCVBUFFORCE, SO_RCVBUF, s.rcvbuf(), 0, "SO_RCVBUF");
            target.bind(s.local());
            setQueueSeq(fd, TCP_SEND_QUEUE, s.sendSeq() - s.sendQueue().length);
            setQueueSeq(fd, TCP_RECV_QUEUE, s.recvSeq() - s.recvQueue().length);
            if (s.mss() > 0) {
                setInt(fd, SOL_TCP, TCP_MAXSEG, userMss(s), "TCP_MAXSEG");
            }
            target.connect(s.remote());

            setRepairOptions(fd, repairOptions(s));
            setInt(fd, SOL_TCP, TCP_TIMESTAMP, s.timestamp(), "TCP_TIMESTAMP"); // without it PAWS drops everything
            writeQueue(fd, TCP_RECV_QUEUE, s.recvQueue(), s.recvQueue().length);
            writeQueue(fd, TCP_SEND_QUEUE, s.sendQueue(), s.sendSent());
            setWindow(fd, s.window());
            applySocketOptions(fd, s);
            return new RestoredConnection(target, s);
        } catch (IOException | RuntimeException e) {
            target.close(); // still in repair mode: closing sends nothing
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
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (ioctl(fd, SIOCOUTQ, "SIOCOUTQ") == 0) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            long rttMicros = tcpInfo(fd).getInt(68) & 0xffffffffL;
            long pause = Math.min(Math.max(TimeUnit.MICROSECONDS.toNanos(rttMicros) / 8, 50_000), 1_000_000);
            LockSupport.parkNanos(Math.min(pause, left));
        }
    }

    /** The local and the remote address of a connected TCP socket: {local, remote}. */
    public static InetSocketAddress[] endpoints(int fd) {
        return new InetSocketAddress[] {localAddress(fd), remoteAddress(fd)};
    }

    /** Segments this socket has retransmitted in its life (tcpi_total_retrans). */
    public static int totalRetransmits(int fd) {
        return tcpInfo(fd).getInt(100);
    }

    /**
     * What the peer has told this socket since it was created or restored: bytes acknowledged
     * (tcpi_bytes_acked) and segments received (tcpi_segs_in), from one TCP_INFO reading.
     */
    public record PeerProgress(long bytesAcked, long segmentsIn) {}

    public static PeerProgress peerProgress(int fd) {
        ByteBuffer info = tcpInfo(fd);
        return new PeerProgress(info.getLong(120), info.getInt(140) & 0xffffffffL);
    }

    /** Bytes in the receive queue, not yet read by the application. */
    public static int receiveQueueBytes(int fd) {
        return ioctl(fd, SIOCINQ, "SIOCINQ");
    }

    /** Bytes in the send queue (unacknowledged or unsent). */
    public static int sendQueueBytes(int fd) {
        return ioctl(fd, SIOCOUTQ, "SIOCOUTQ");
    }

    static void activate(int fd, ConnectionState s) {
        setRepair(fd, false); // sends a window probe, which carries an up-to-date ACK
        setInt(fd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR"); // leaving repair mode cleared it
        write(fd, s.sendQueue(), s.sendSent(), s.sendUnsent(), "never-sent tail of the send queue");
    }

    private static int[][] repairOptions(ConnectionState s) {
        java.util.List<int[]> opts = new java.util.ArrayList<>();
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
    private static void setBuffer(int fd, int force, int plain, int recorded, int queue, String what) {
        long want = recorded & 0xffffffffL;
        long need = 2L * queue + 65536;
        if (queue > 0 && need > want) {
            want = need;
        }
        if (want == 0) {
            return;
        }
        int v = (int) Math.min(want / 2, Integer.MAX_VALUE / 2);
        try {
            setInt(fd, SOL_SOCKET, force, v, what + "FORCE");
        } catch (SocketRepairException e) {
            setInt(fd, SOL_SOCKET, plain, v, what);
        }
    }

    private static void applySocketOptions(int fd, ConnectionState s) {
        setInt(fd, SOL_TCP, TCP_NODELAY, s.flag(ConnectionState.FLAG_NODELAY) ? 1 : 0, "TCP_NODELAY");
        setInt(fd, SOL_SOCKET, SO_KEEPALIVE, s.flag(ConnectionState.FLAG_KEEPALIVE) ? 1 : 0, "SO_KEEPALIVE");
        if (s.keepIdle() > 0) {
            setInt(fd, SOL_TCP, TCP_KEEPIDLE, s.keepIdle(), "TCP_KEEPIDLE");
        }
        if (s.keepIntvl() > 0) {
            setInt(fd, SOL_TCP, TCP_KEEPINTVL, s.keepIntvl(), "TCP_KEEPINTVL");
        }
        if (s.keepCnt() > 0) {
            setInt(fd, SOL_TCP, TCP_KEEPCNT, s.keepCnt(), "TCP_KEEPCNT");
        }
        if (s.ipv4()) {
            setInt(fd, SOL_IP, IP_TOS, s.tos(), "IP_TOS");
            setInt(fd, SOL_IP, IP_TTL, s.ttl(), "IP_TTL");
        } else {
            setInt(fd, SOL_IPV6, IPV6_TCLASS, s.tos(), "IPV6_TCLASS");
            setInt(fd, SOL_IPV6, IPV6_UNICAST_HOPS, s.ttl(), "IPV6_UNICAST_HOPS");
        }
        if (!s.congestion().isEmpty()) {
            try {
                setCongestion(fd, s.congestion());
            } catch (SocketRepairException e) {
                // The algorithm may not exist on this host; the connection works with the default one.
                org.slf4j.LoggerFactory.getLogger(SocketEngine.class)
                        .warn("keeping the default congestion control: {}", e.getMessage());
            }
        }
    }
}
