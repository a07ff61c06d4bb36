package eu.xtreemos.ds.mobility;

import com.sun.jna.LastErrorException;
import eu.xtreemos.ds.kernel.Errno;
import eu.xtreemos.ds.kernel.ErrnoException;
import eu.xtreemos.ds.kernel.LibC;
import eu.xtreemos.ds.kernel.LinuxSocket;
import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.kernel.SocketAddresses;
import eu.xtreemos.ds.xfrm.MobileIpv6Xfrm;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * A raw IPv6 socket for the Mobility Header (protocol 135), bound to one local address: sends from it,
 * receives what is sent to it. The kernel builds the IPv6 header; the message starts at the Mobility
 * Header.
 *
 * <p>Checksums: Linux turns on IPV6_CHECKSUM at offset 4 for protocol 135 by itself (also when built
 * without CONFIG_IPV6_MIP6), so it fills the checksum of what is sent and drops what arrives with a bad
 * one. {@link #open} checks that and sets it where a kernel does not. Needs CAP_NET_RAW.
 */
public final class MhSocket implements AutoCloseable {
    private static final int MAX_HEADER = MobilityHeaderEncoder.MAX_LENGTH;

    private final int fd;
    private final Inet6Address local;
    private volatile boolean closed;

    private MhSocket(int fd, Inet6Address local) {
        this.fd = fd;
        this.local = local;
    }

    /** Opens a socket bound to {@code local} in the calling thread's network namespace. */
    public static MhSocket open(Inet6Address local) throws IOException {
        int fd;
        try {
            fd = LibC.socket(LibC.AF_INET6, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.IPPROTO_MH);
        } catch (LastErrorException e) {
            throw Errno.exception("cannot open a raw Mobility Header socket", e, Errno.EPERM, "needs CAP_NET_RAW");
        }
        try {
            ensureKernelChecksum(fd);
            byte[] sa = SocketAddresses.encode(new InetSocketAddress(local, 0));
            LibC.bind(fd, sa, sa.length);
            return new MhSocket(fd, local);
        } catch (LastErrorException e) {
            LibC.close(fd);
            throw Errno.exception("cannot bind a Mobility Header socket to " + local.getHostAddress(), e);
        }
    }

    /** Opens a socket in a network namespace (it stays there, usable from any thread). */
    public static MhSocket open(NetNamespace ns, Inet6Address local) throws IOException {
        try {
            return ns.call(() -> open(local));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** The checksum offset the kernel uses for this socket (4), or -1 if it computes none. */
    public int kernelChecksumOffset() throws IOException {
        return new LinuxSocket(fd).ipv6ChecksumOffset();
    }

    /**
     * Turns the kernel's checksum off (-1) or on (4). Off, bad checksums reach {@link #receive} and
     * {@link #sendRaw} sends the checksum field as given: for tests of the decoder's own check.
     */
    public void setKernelChecksum(boolean on) throws IOException {
        new LinuxSocket(fd).setIpv6ChecksumOffset(on ? MhChecksum.OFFSET : -1);
    }

    /**
     * Marks what this socket sends (SO_MARK, needs CAP_NET_ADMIN), so that a policy rule can route it
     * apart from other traffic: a correspondent sends its Home Tests to the home network, not along a
     * binding it holds for that home address.
     */
    public void setMark(int mark) throws IOException {
        new LinuxSocket(fd).setMark(mark);
    }

    /**
     * Keeps what this socket sends out of the host's XFRM policies (a socket policy that allows everything
     * without a transformation; needs CAP_NET_ADMIN): with kernel Mobile IPv6 a correspondent's Home Tests go to
     * the home address itself, not along the type 2 routing header of a binding it holds for that address.
     */
    public void bypassXfrmPolicies() throws IOException {
        try {
            new LinuxSocket(fd).setIpv6XfrmPolicy(MobileIpv6Xfrm.socketBypassPolicy());
        } catch (ErrnoException e) {
            throw new ErrnoException(e.call(), e.errno(),
                    e.errno() == Errno.EINVAL ? "is the xfrm_user module loaded? modprobe xfrm_user" : null, e);
        }
    }

    public Inet6Address localAddress() {
        return local;
    }

    /** Sends a message to {@code destination}; the kernel fills the checksum. */
    public void send(MobilityMessage m, Inet6Address destination) throws IOException {
        sendRaw(MobilityHeaderEncoder.encode(m), destination);
    }

    /** Sends an {@link OutgoingMessage} whose source must be this socket's address. */
    public void send(OutgoingMessage m) throws IOException {
        if (!m.source().equals(local)) {
            throw new IOException("message from " + m.source().getHostAddress() + " on a socket bound to "
                    + local.getHostAddress());
        }
        send(m.message(), m.destination());
    }

    /** Sends octets as they are (the kernel still fills the checksum unless turned off). */
    public void sendRaw(byte[] mh, Inet6Address destination) throws IOException {
        byte[] to = SocketAddresses.encode(new InetSocketAddress(destination, 0));
        try {
            LibC.sendto(fd, mh, mh.length, 0, to, to.length);
        } catch (LastErrorException e) {
            throw Errno.exception("sending a Mobility Header to " + destination.getHostAddress(), e);
        }
    }

    /** The next header sent to this address, or null if none comes within {@code timeout}. */
    public ReceivedHeader receive(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            if (!readable((int) Math.min(left, Integer.MAX_VALUE))) {
                if (System.nanoTime() - deadline >= 0) {
                    return null;
                }
                continue;
            }
            byte[] buf = new byte[MAX_HEADER + 1]; // one more: a longer packet shows up as too long, not cut
            byte[] from = new byte[SocketAddresses.MAX_LEN];
            int[] fromLen = {from.length};
            long n;
            try {
                n = LibC.recvfrom(fd, buf, buf.length, 0, from, fromLen);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EINTR) {
                    continue;
                }
                throw Errno.exception("receiving on a Mobility Header socket", e);
            }
            byte[] mh = new byte[(int) n];
            System.arraycopy(buf, 0, mh, 0, mh.length);
            Inet6Address source = (Inet6Address) SocketAddresses.decode(from, fromLen[0]).getAddress();
            return new ReceivedHeader(source, local, mh);
        }
    }

    private boolean readable(int timeoutMillis) throws IOException {
        if (closed) {
            throw new IOException("socket closed");
        }
        ByteBuffer pfd = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        pfd.putInt(fd).putShort(LibC.POLLIN).putShort((short) 0);
        try {
            return LibC.poll(pfd.array(), 1, timeoutMillis) > 0;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EINTR) {
                return false;
            }
            throw Errno.exception("poll", e);
        }
    }

    private static void ensureKernelChecksum(int fd) {
        int[] v = {0};
        LibC.getsockopt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_CHECKSUM, v, new int[] {4});
        if (v[0] != MhChecksum.OFFSET) {
            LibC.setsockopt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_CHECKSUM, new int[] {MhChecksum.OFFSET}, 4);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibC.close(fd);
        }
    }
}
