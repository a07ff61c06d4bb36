package eu.xtreemos.ds.kernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static eu.xtreemos.ds.kernel.LibC.*;

/**
 * A socket file descriptor with its options as typed calls ({@code setTcpNoDelay(true)},
 * {@code sendBufferSize()}, {@link #tcpInfo()}). It does not own the descriptor: {@link #close()} is there
 * for owners that want it, nothing closes it otherwise. Every failure is an {@link ErrnoException} naming
 * the call and the option ("setsockopt(TCP_NODELAY): Bad file descriptor (EBADF)").
 */
public final class LinuxSocket {
    private final int fd;

    public LinuxSocket(int fd) {
        this.fd = fd;
    }

    /** A new socket; {@code SOCK_CLOEXEC} is the caller's to add to {@code type}. */
    public static LinuxSocket open(int domain, int type, int protocol) throws ErrnoException {
        try {
            return new LinuxSocket(LibC.socket(domain, type, protocol));
        } catch (LastErrorException e) {
            throw Errno.exception("socket", e);
        }
    }

    public int fd() {
        return fd;
    }

    // --- plain options -----------------------------------------------------------------------------------

    /** An int option; {@code name} is how messages call it ("SO_SNDBUF"). */
    public int intOption(int level, int option, String name) throws ErrnoException {
        int[] v = new int[1];
        try {
            LibC.getsockopt(fd, level, option, v, new int[] {4});
        } catch (LastErrorException e) {
            throw Errno.exception("getsockopt(" + name + ")", e);
        }
        return v[0];
    }

    public void setIntOption(int level, int option, int value, String name) throws ErrnoException {
        try {
            LibC.setsockopt(fd, level, option, new int[] {value}, 4);
        } catch (LastErrorException e) {
            throw Errno.exception("setsockopt(" + name + ")", e);
        }
    }

    /** An option of up to {@code size} bytes: as many bytes as the kernel wrote. */
    public byte[] option(int level, int option, int size, String name) throws ErrnoException {
        byte[] buf = new byte[size];
        int[] len = {size};
        try {
            LibC.getsockopt(fd, level, option, buf, len);
        } catch (LastErrorException e) {
            throw Errno.exception("getsockopt(" + name + ")", e);
        }
        return len[0] == size ? buf : Arrays.copyOf(buf, len[0]);
    }

    public void setOption(int level, int option, byte[] value, String name) throws ErrnoException {
        try {
            LibC.setsockopt(fd, level, option, value, value.length);
        } catch (LastErrorException e) {
            throw Errno.exception("setsockopt(" + name + ")", e);
        }
    }

    // --- typed options -----------------------------------------------------------------------------------

    public int domain() throws ErrnoException {
        return intOption(SOL_SOCKET, SO_DOMAIN, "SO_DOMAIN");
    }

    public int type() throws ErrnoException {
        return intOption(SOL_SOCKET, SO_TYPE, "SO_TYPE");
    }

    public int protocol() throws ErrnoException {
        return intOption(SOL_SOCKET, SO_PROTOCOL, "SO_PROTOCOL");
    }

    public boolean reuseAddress() throws ErrnoException {
        return intOption(SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR") != 0;
    }

    public void setReuseAddress(boolean on) throws ErrnoException {
        setIntOption(SOL_SOCKET, SO_REUSEADDR, on ? 1 : 0, "SO_REUSEADDR");
    }

    public boolean keepAlive() throws ErrnoException {
        return intOption(SOL_SOCKET, SO_KEEPALIVE, "SO_KEEPALIVE") != 0;
    }

    public void setKeepAlive(boolean on) throws ErrnoException {
        setIntOption(SOL_SOCKET, SO_KEEPALIVE, on ? 1 : 0, "SO_KEEPALIVE");
    }

    /** SO_SNDBUF as the kernel reports it (twice what was set: it counts its bookkeeping). */
    public int sendBufferSize() throws ErrnoException {
        return intOption(SOL_SOCKET, SO_SNDBUF, "SO_SNDBUF");
    }

    public void setSendBufferSize(int bytes) throws ErrnoException {
        setIntOption(SOL_SOCKET, SO_SNDBUF, bytes, "SO_SNDBUF");
    }

    /** SO_SNDBUFFORCE: past net.core.wmem_max; needs CAP_NET_ADMIN. */
    public void forceSendBufferSize(int bytes) throws ErrnoException {
        setIntOption(SOL_SOCKET, SO_SNDBUFFORCE, bytes, "SO_SNDBUFFORCE");
    }

    public int receiveBufferSize() throws ErrnoException {
        return intOption(SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF");
    }

    public void setReceiveBufferSize(int bytes) throws ErrnoException {
        setIntOption(SOL_SOCKET, SO_RCVBUF, bytes, "SO_RCVBUF");
    }

    /** SO_RCVBUFFORCE: past net.core.rmem_max; needs CAP_NET_ADMIN. */
    public void forceReceiveBufferSize(int bytes) throws ErrnoException {
        setIntOption(SOL_SOCKET, SO_RCVBUFFORCE, bytes, "SO_RCVBUFFORCE");
    }

    /** SO_MARK, the fwmark of what this socket sends; needs CAP_NET_ADMIN. */
    public void setMark(int mark) throws ErrnoException {
        setIntOption(SOL_SOCKET, SO_MARK, mark, "SO_MARK");
    }

    public boolean tcpNoDelay() throws ErrnoException {
        return intOption(SOL_TCP, TCP_NODELAY, "TCP_NODELAY") != 0;
    }

    public void setTcpNoDelay(boolean on) throws ErrnoException {
        setIntOption(SOL_TCP, TCP_NODELAY, on ? 1 : 0, "TCP_NODELAY");
    }

    public int tcpMaxSegment() throws ErrnoException {
        return intOption(SOL_TCP, TCP_MAXSEG, "TCP_MAXSEG");
    }

    public void setTcpMaxSegment(int bytes) throws ErrnoException {
        setIntOption(SOL_TCP, TCP_MAXSEG, bytes, "TCP_MAXSEG");
    }

    public int tcpKeepIdle() throws ErrnoException {
        return intOption(SOL_TCP, TCP_KEEPIDLE, "TCP_KEEPIDLE");
    }

    public void setTcpKeepIdle(int seconds) throws ErrnoException {
        setIntOption(SOL_TCP, TCP_KEEPIDLE, seconds, "TCP_KEEPIDLE");
    }

    public int tcpKeepInterval() throws ErrnoException {
        return intOption(SOL_TCP, TCP_KEEPINTVL, "TCP_KEEPINTVL");
    }

    public void setTcpKeepInterval(int seconds) throws ErrnoException {
        setIntOption(SOL_TCP, TCP_KEEPINTVL, seconds, "TCP_KEEPINTVL");
    }

    public int tcpKeepCount() throws ErrnoException {
        return intOption(SOL_TCP, TCP_KEEPCNT, "TCP_KEEPCNT");
    }

    public void setTcpKeepCount(int probes) throws ErrnoException {
        setIntOption(SOL_TCP, TCP_KEEPCNT, probes, "TCP_KEEPCNT");
    }

    /** TCP_TIMESTAMP: the connection's timestamp clock offset (read and set in repair mode). */
    public int tcpTimestamp() throws ErrnoException {
        return intOption(SOL_TCP, TCP_TIMESTAMP, "TCP_TIMESTAMP");
    }

    public void setTcpTimestamp(int value) throws ErrnoException {
        setIntOption(SOL_TCP, TCP_TIMESTAMP, value, "TCP_TIMESTAMP");
    }

    /** The congestion-control algorithm's name ("cubic"). */
    public String tcpCongestion() throws ErrnoException {
        byte[] raw = option(SOL_TCP, TCP_CONGESTION, TCP_CA_NAME_MAX, "TCP_CONGESTION");
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.US_ASCII);
    }

    public void setTcpCongestion(String algorithm) throws ErrnoException {
        setOption(SOL_TCP, TCP_CONGESTION, algorithm.getBytes(StandardCharsets.US_ASCII), "TCP_CONGESTION=" + algorithm);
    }

    public TcpInfo tcpInfo() throws ErrnoException {
        byte[] raw = new byte[TcpInfo.LENGTH];
        int[] len = {raw.length};
        try {
            LibC.getsockopt(fd, SOL_TCP, TCP_INFO, raw, len);
        } catch (LastErrorException e) {
            throw Errno.exception("getsockopt(TCP_INFO)", e);
        }
        return new TcpInfo(raw, len[0]);
    }

    public int ipTos() throws ErrnoException {
        return intOption(SOL_IP, IP_TOS, "IP_TOS");
    }

    public void setIpTos(int tos) throws ErrnoException {
        setIntOption(SOL_IP, IP_TOS, tos, "IP_TOS");
    }

    public int ipTtl() throws ErrnoException {
        return intOption(SOL_IP, IP_TTL, "IP_TTL");
    }

    public void setIpTtl(int ttl) throws ErrnoException {
        setIntOption(SOL_IP, IP_TTL, ttl, "IP_TTL");
    }

    public int ipv6TrafficClass() throws ErrnoException {
        return intOption(SOL_IPV6, IPV6_TCLASS, "IPV6_TCLASS");
    }

    public void setIpv6TrafficClass(int tclass) throws ErrnoException {
        setIntOption(SOL_IPV6, IPV6_TCLASS, tclass, "IPV6_TCLASS");
    }

    public int ipv6UnicastHops() throws ErrnoException {
        return intOption(SOL_IPV6, IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS");
    }

    public void setIpv6UnicastHops(int hops) throws ErrnoException {
        setIntOption(SOL_IPV6, IPV6_UNICAST_HOPS, hops, "IPV6_UNICAST_HOPS");
    }

    /** IPV6_CHECKSUM: where in the payload the kernel puts and checks the checksum, -1 for none (raw sockets). */
    public int ipv6ChecksumOffset() throws ErrnoException {
        return intOption(SOL_IPV6, IPV6_CHECKSUM, "IPV6_CHECKSUM");
    }

    public void setIpv6ChecksumOffset(int offset) throws ErrnoException {
        setIntOption(SOL_IPV6, IPV6_CHECKSUM, offset, "IPV6_CHECKSUM");
    }

    /** IPV6_XFRM_POLICY: a per-socket XFRM policy ({@code struct xfrm_userpolicy_info} and its templates). */
    public void setIpv6XfrmPolicy(byte[] policy) throws ErrnoException {
        setOption(SOL_IPV6, IPV6_XFRM_POLICY, policy, "IPV6_XFRM_POLICY");
    }

    // --- queues ------------------------------------------------------------------------------------------

    /** Bytes in the receive queue, not yet read (SIOCINQ). */
    public int receiveQueueBytes() throws ErrnoException {
        return ioctl(SIOCINQ, "SIOCINQ");
    }

    /** Bytes in the send queue, unacknowledged or unsent (SIOCOUTQ). */
    public int sendQueueBytes() throws ErrnoException {
        return ioctl(SIOCOUTQ, "SIOCOUTQ");
    }

    /** Bytes in the send queue never sent (SIOCOUTQNSD). */
    public int unsentBytes() throws ErrnoException {
        return ioctl(SIOCOUTQNSD, "SIOCOUTQNSD");
    }

    private int ioctl(long request, String name) throws ErrnoException {
        int[] v = new int[1];
        try {
            LibC.ioctl(fd, request, v);
        } catch (LastErrorException e) {
            throw Errno.exception("ioctl(" + name + ")", e);
        }
        return v[0];
    }

    /** recv(2) into {@code buf} with {@code flags}; {@code call} names it in a failure. */
    public long receive(byte[] buf, int len, int flags, String call) throws ErrnoException {
        try {
            return LibC.recv(fd, buf, len, flags);
        } catch (LastErrorException e) {
            throw Errno.exception(call, e);
        }
    }

    /** send(2) of {@code len} bytes at {@code buf}, retried on EINTR; returns what the kernel took. */
    public long send(Pointer buf, long len, int flags, String call) throws ErrnoException {
        while (true) {
            try {
                return LibC.send(fd, buf, len, flags);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw Errno.exception(call, e);
                }
            }
        }
    }

    // --- addresses ---------------------------------------------------------------------------------------

    public void bind(InetSocketAddress local) throws ErrnoException {
        byte[] sa = SocketAddresses.encode(local);
        try {
            LibC.bind(fd, sa, sa.length);
        } catch (LastErrorException e) {
            throw Errno.exception("bind(" + local + ")", e);
        }
    }

    public void connect(InetSocketAddress remote) throws ErrnoException {
        byte[] sa = SocketAddresses.encode(remote);
        try {
            LibC.connect(fd, sa, sa.length);
        } catch (LastErrorException e) {
            throw Errno.exception("connect(" + remote + ")", e);
        }
    }

    public InetSocketAddress localAddress() throws ErrnoException {
        byte[] raw = new byte[SocketAddresses.MAX_LEN];
        int[] len = {raw.length};
        try {
            LibC.getsockname(fd, raw, len);
        } catch (LastErrorException e) {
            throw Errno.exception("getsockname", e);
        }
        return SocketAddresses.decode(raw, len[0]);
    }

    public InetSocketAddress remoteAddress() throws ErrnoException {
        byte[] raw = new byte[SocketAddresses.MAX_LEN];
        int[] len = {raw.length};
        try {
            LibC.getpeername(fd, raw, len);
        } catch (LastErrorException e) {
            throw Errno.exception("getpeername", e);
        }
        return SocketAddresses.decode(raw, len[0]);
    }

    public void close() throws ErrnoException {
        try {
            LibC.close(fd);
        } catch (LastErrorException e) {
            throw Errno.exception("close", e);
        }
    }

    @Override
    public String toString() {
        return "socket fd " + fd;
    }
}
