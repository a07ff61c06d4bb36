package eu.xtreemos.ds.tcp;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import eu.xtreemos.ds.kernel.Errno;
import eu.xtreemos.ds.kernel.SocketAddresses;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Thin layer over the kernel's TCP_REPAIR socket options and the socket calls the engine needs.
 * No policy here: {@link SocketEngine} decides the order. Failures become {@link SocketRepairException}
 * naming the call.
 */
final class TcpRepair {
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_KEEPALIVE = 9;
    static final int SO_SNDBUFFORCE = 32;
    static final int SO_RCVBUFFORCE = 33;
    static final int SOL_IP = 0;
    static final int IP_TOS = 1;
    static final int IP_TTL = 2;
    static final int SOL_IPV6 = 41;
    static final int IPV6_UNICAST_HOPS = 16;
    static final int IPV6_TCLASS = 67;
    static final int SOL_TCP = 6;
    static final int TCP_NODELAY = 1;
    static final int TCP_MAXSEG = 2;
    static final int TCP_KEEPIDLE = 4;
    static final int TCP_KEEPINTVL = 5;
    static final int TCP_KEEPCNT = 6;
    static final int TCP_INFO = 11;
    static final int TCP_CONGESTION = 13;
    static final int TCP_REPAIR = 19;
    static final int TCP_REPAIR_QUEUE = 20;
    static final int TCP_QUEUE_SEQ = 21;
    static final int TCP_REPAIR_OPTIONS = 22;
    static final int TCP_TIMESTAMP = 24;
    static final int TCP_REPAIR_WINDOW = 29;

    static final int TCP_RECV_QUEUE = 1;
    static final int TCP_SEND_QUEUE = 2;

    static final int TCPOPT_MAXSEG = 2;
    static final int TCPOPT_WINDOW = 3;
    static final int TCPOPT_SACK_PERM = 4;
    static final int TCPOPT_TIMESTAMP = 8;

    static final long SIOCINQ = 0x541B;
    static final long SIOCOUTQ = 0x5411;
    static final long SIOCOUTQNSD = 0x894B;

    static final int MSG_PEEK = 0x2;
    static final int MSG_DONTWAIT = 0x40;

    static final int TCP_INFO_LEN = 232;
    static final int TCP_CA_NAME_MAX = 16;

    private TcpRepair() {
    }

    static void setRepair(int fd, boolean on) {
        setInt(fd, SOL_TCP, TCP_REPAIR, on ? 1 : 0, "TCP_REPAIR");
    }

    static void selectQueue(int fd, int queue) {
        setInt(fd, SOL_TCP, TCP_REPAIR_QUEUE, queue, "TCP_REPAIR_QUEUE");
    }

    static int queueSeq(int fd, int queue) {
        selectQueue(fd, queue);
        return getInt(fd, SOL_TCP, TCP_QUEUE_SEQ, "TCP_QUEUE_SEQ");
    }

    static void setQueueSeq(int fd, int queue, int seq) {
        selectQueue(fd, queue);
        setInt(fd, SOL_TCP, TCP_QUEUE_SEQ, seq, "TCP_QUEUE_SEQ");
    }

    /** Copies the selected queue's contents without consuming them; fails unless exactly {@code len} bytes come. */
    static byte[] peekQueue(int fd, int queue, int len) {
        byte[] buf = new byte[len];
        if (len == 0) {
            return buf;
        }
        selectQueue(fd, queue);
        long n;
        try {
            n = TcpCalls.recv(fd, buf, len, MSG_PEEK | MSG_DONTWAIT);
        } catch (LastErrorException e) {
            throw fail("recv(MSG_PEEK) of the " + queueName(queue), e);
        }
        if (n != len) {
            throw new SocketRepairException("the " + queueName(queue) + " held " + n + " bytes, expected " + len);
        }
        return buf;
    }

    /** Writes {@code data[off, off+len)} into the selected repair queue (or normally when not in repair mode). */
    static void write(int fd, byte[] data, int off, int len, String what) {
        if (len == 0) {
            return;
        }
        try (Memory m = new Memory(len)) { // freed now, not at the next garbage collection
            m.write(0, data, off, len);
            long done = 0;
            while (done < len) {
                try {
                    done += TcpCalls.send(fd, m.share(done), len - done, 0);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == Errno.EINTR) {
                        continue;
                    }
                    throw fail("send(" + what + ", " + (len - done) + " of " + len + " bytes left)", e);
                }
            }
        }
    }

    static void writeQueue(int fd, int queue, byte[] data, int len) {
        selectQueue(fd, queue);
        write(fd, data, 0, len, queueName(queue));
    }

    static void setRepairOptions(int fd, int[][] codeValuePairs) {
        ByteBuffer b = ByteBuffer.allocate(8 * codeValuePairs.length).order(ByteOrder.nativeOrder());
        for (int[] p : codeValuePairs) {
            b.putInt(p[0]).putInt(p[1]);
        }
        set(fd, SOL_TCP, TCP_REPAIR_OPTIONS, b.array(), "TCP_REPAIR_OPTIONS");
    }

    static int[] window(int fd) {
        ByteBuffer b = get(fd, SOL_TCP, TCP_REPAIR_WINDOW, 20, "TCP_REPAIR_WINDOW");
        return new int[] {b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt()};
    }

    static void setWindow(int fd, int[] w) {
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder());
        for (int v : w) {
            b.putInt(v);
        }
        set(fd, SOL_TCP, TCP_REPAIR_WINDOW, b.array(), "TCP_REPAIR_WINDOW");
    }

    /** The raw {@code struct tcp_info}, native order. */
    static ByteBuffer tcpInfo(int fd) {
        return get(fd, SOL_TCP, TCP_INFO, TCP_INFO_LEN, "TCP_INFO");
    }

    static String congestion(int fd) {
        ByteBuffer b = get(fd, SOL_TCP, TCP_CONGESTION, TCP_CA_NAME_MAX, "TCP_CONGESTION");
        byte[] raw = new byte[b.remaining()];
        b.get(raw);
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.US_ASCII);
    }

    static void setCongestion(int fd, String name) {
        byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
        set(fd, SOL_TCP, TCP_CONGESTION, raw, "TCP_CONGESTION=" + name);
    }

    static int ioctl(int fd, long request, String what) {
        int[] v = new int[1];
        try {
            TcpCalls.ioctl(fd, request, v);
        } catch (LastErrorException e) {
            throw fail("ioctl(" + what + ")", e);
        }
        return v[0];
    }

    static int getInt(int fd, int level, int name, String what) {
        return get(fd, level, name, 4, what).getInt();
    }

    static void setInt(int fd, int level, int name, int value, String what) {
        set(fd, level, name, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array(), what);
    }

    static ByteBuffer get(int fd, int level, int name, int size, String what) {
        byte[] buf = new byte[size];
        int[] len = {size};
        try {
            TcpCalls.getsockopt(fd, level, name, buf, len);
        } catch (LastErrorException e) {
            throw fail("getsockopt(" + what + ")", e);
        }
        return ByteBuffer.wrap(buf, 0, len[0]).order(ByteOrder.nativeOrder());
    }

    static void set(int fd, int level, int name, byte[] value, String what) {
        try {
            TcpCalls.setsockopt(fd, level, name, value, value.length);
        } catch (LastErrorException e) {
            throw fail("setsockopt(" + what + ")", e);
        }
    }

    static InetSocketAddress localAddress(int fd) {
        byte[] raw = new byte[SocketAddresses.MAX_LEN];
        int[] len = {raw.length};
        try {
            TcpCalls.getsockname(fd, raw, len);
        } catch (LastErrorException e) {
            throw fail("getsockname", e);
        }
        return SocketAddresses.decode(raw, len[0]);
    }

    static InetSocketAddress remoteAddress(int fd) {
        byte[] raw = new byte[SocketAddresses.MAX_LEN];
        int[] len = {raw.length};
        try {
            TcpCalls.getpeername(fd, raw, len);
        } catch (LastErrorException e) {
            throw fail("getpeername (is the socket connected?)", e);
        }
        return SocketAddresses.decode(raw, len[0]);
    }

    static String queueName(int queue) {
        return queue == TCP_SEND_QUEUE ? "send queue" : "receive queue";
    }

    static SocketRepairException fail(String call, LastErrorException e) {
        String hint = e.getErrorCode() == Errno.EPERM ? " (TCP_REPAIR needs CAP_NET_ADMIN)" : "";
        return new SocketRepairException(call + " failed: " + Errno.describe(e) + hint, e);
    }
}
