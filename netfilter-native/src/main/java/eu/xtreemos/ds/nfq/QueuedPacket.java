package eu.xtreemos.ds.nfq;

import java.net.InetAddress;

/**
 * One packet as the kernel queued it.
 *
 * @param id             the kernel's packet id (unsigned 32 bits), for the verdict
 * @param family         NFPROTO_IPV4 (2) or NFPROTO_IPV6 (10)
 * @param hook           the netfilter hook (1 = LOCAL_IN for the INPUT chain)
 * @param inIfindex      the interface it came in on, 0 if unknown
 * @param data           the full IP packet (cut at 65531 bytes: see {@link #truncated()})
 * @param originalLength the packet's length before the kernel cut it
 * @param ip             its parsed headers ({@link IpPacket#INVALID} if they do not parse)
 * @param receivedNanos  {@link System#nanoTime()} when the reader received it
 */
public record QueuedPacket(int id, int family, int hook, int inIfindex, byte[] data, int originalLength, IpPacket ip,
                           long receivedNanos) {

    /** The source address the queue groups held packets by (null if the headers did not parse). */
    public InetAddress client() {
        return ip.src();
    }

    /** True if the kernel copied only part of the packet (packets over 65531 bytes, e.g. on loopback). */
    public boolean truncated() {
        return originalLength > data.length;
    }

    @Override
    public String toString() {
        return "packet " + Integer.toUnsignedString(id) + " " + ip + (truncated() ? " (truncated)" : "");
    }
}
