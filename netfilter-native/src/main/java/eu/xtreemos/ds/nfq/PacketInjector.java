package eu.xtreemos.ds.nfq;

import com.sun.jna.LastErrorException;
import eu.xtreemos.ds.kernel.Errno;
import eu.xtreemos.ds.kernel.LibC;
import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.kernel.SocketAddresses;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Sends whole IP packets, as they are, into the local stack: a packet held on another node (its source is
 * the remote client, its destination the service address, which is local here) goes out through a raw
 * {@code IPPROTO_RAW} socket, is routed to the local address over loopback and delivered to the TCP socket
 * it belongs to, as if it had come from the client.
 *
 * <p>{@code IPPROTO_RAW} implies "header included" for both families (IP_HDRINCL / IPV6_HDRINCL read back
 * 1 on this kernel; {@link #open} checks it). The kernel takes the packet as given (no source address check,
 * the TCP checksum is not recomputed, so it must be valid — packets from a {@link PacketQueue} are); for
 * IPv4 it fills in the header checksum and total length. Injected packets pass OUTPUT, then PREROUTING and
 * INPUT on {@code lo}: if the client is in flight here too, the {@link InflightSet} rule queues them like
 * the client's own packets, which is what a receiving node wants until its sockets are restored.
 *
 * <p>Needs CAP_NET_RAW. The sockets belong to the namespace they were opened in; {@link #inject} may be
 * called from any thread.
 */
public final class PacketInjector implements AutoCloseable {
    private final int fd6;
    private final int fd4;
    private boolean closed;

    private PacketInjector(int fd6, int fd4) {
        this.fd6 = fd6;
        this.fd4 = fd4;
    }

    /** Opens the raw sockets in {@code ns} (null: the calling thread's namespace). */
    public static PacketInjector open(NetNamespace ns) throws IOException {
        if (ns == null) {
            return openHere();
        }
        try {
            return ns.call(PacketInjector::openHere);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static PacketInjector openHere() throws IOException {
        int fd6 = -1;
        try {
            fd6 = rawSocket(LibC.AF_INET6, LibC.IPPROTO_IPV6, LibC.IPV6_HDRINCL);
            int fd4 = rawSocket(LibC.AF_INET, LibC.IPPROTO_IP, LibC.IP_HDRINCL);
            return new PacketInjector(fd6, fd4);
        } catch (IOException e) {
            if (fd6 >= 0) {
                LibC.close(fd6);
            }
            throw e;
        }
    }

    private static int rawSocket(int family, int level, int hdrincl) throws IOException {
        int fd;
        try {
            fd = LibC.socket(family, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.IPPROTO_RAW);
        } catch (LastErrorException e) {
            throw Errno.exception("cannot open a raw socket", e, Errno.EPERM, "needs CAP_NET_RAW");
        }
        try {
            int[] v = {0};
            LibC.getsockopt(fd, level, hdrincl, v, new int[] {4});
            if (v[0] == 0) { // implied for IPPROTO_RAW; set it should a kernel not imply it
                LibC.setsockopt(fd, level, hdrincl, new int[] {1}, 4);
            }
            return fd;
        } catch (LastErrorException e) {
            LibC.close(fd);
            throw Errno.exception("cannot include the IP header on a raw socket", e);
        }
    }

    /** Injects one packet; it must be a complete IPv4 or IPv6 packet. */
    public void inject(byte[] packet) throws IOException {
        IpPacket ip = IpPacket.parse(packet);
        if (!ip.valid()) {
            throw new IOException("not an IP packet (" + (packet == null ? "null" : packet.length + " bytes") + ")");
        }
        if (ip.length() != packet.length) {
            throw new IOException("packet of " + packet.length + " bytes says it has " + ip.length());
        }
        byte[] to = SocketAddresses.encode(new InetSocketAddress(ip.dst(), 0));
        int fd;
        synchronized (this) {
            if (closed) {
                throw new IOException("injector closed");
            }
            fd = ip.version() == 6 ? fd6 : fd4;
            try {
                LibC.sendto(fd, packet, packet.length, 0, to, to.length);
            } catch (LastErrorException e) {
                throw Errno.exception("injecting " + ip, e);
            }
        }
    }

    /** Injects packets in order; stops at the first failure. */
    public void injectAll(Iterable<byte[]> packets) throws IOException {
        for (byte[] p : packets) {
            inject(p);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibC.close(fd6);
            LibC.close(fd4);
        }
    }
}
