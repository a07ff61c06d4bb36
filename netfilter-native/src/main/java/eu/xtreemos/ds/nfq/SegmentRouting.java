package eu.xtreemos.ds.nfq;

/**
 * Packets that came along a route-optimization binding carry a routing header: an SRv6 segment routing header
 * (RFC 8754, the SRv6 data plane) or a Mobile IPv6 type 2 routing header (RFC 6275 §6.4, the kernel's XFRM data
 * plane). The IPv6 destination is the serving node's own address and the header's last address (segment 0, the
 * type 2 header's home address, both right after the header's first 8 bytes) is the service address. Such a packet, held at one node and delivered at another, must first become the packet
 * the client meant: sent to the service address, without the routing header. The TCP checksum stays valid —
 * the client computed it over the final destination, as RFC 8200 §8.1 asks.
 */
public final class SegmentRouting {
    private static final int IPV6_HEADER = 40;
    private static final int NEXT_HEADER_ROUTING = 43;
    private static final int TYPE_SRH = 4;
    private static final int TYPE_2 = 2;

    private SegmentRouting() {
    }

    /**
     * {@code packet} addressed to its final destination: with the segment routing or type 2 routing header that
     * directly follows the IPv6 header removed and the destination set to its segment 0 (home address), if it has
     * one with segments left; otherwise {@code packet} itself. Never throws: a malformed header leaves the packet as it is.
     */
    public static byte[] toFinalDestination(byte[] packet) {
        if (packet.length < IPV6_HEADER + 8 || (packet[0] & 0xF0) != 0x60 || (packet[6] & 0xFF) != NEXT_HEADER_ROUTING) {
            return packet;
        }
        int srh = IPV6_HEADER;
        int length = ((packet[srh + 1] & 0xFF) + 1) * 8;
        int type = packet[srh + 2] & 0xFF;
        int segmentsLeft = packet[srh + 3] & 0xFF;
        if ((type != TYPE_SRH && type != TYPE_2) || segmentsLeft == 0 || length < 8 + 16 || srh + length > packet.length) {
            return packet;
        }
        byte[] out = new byte[packet.length - length];
        System.arraycopy(packet, 0, out, 0, IPV6_HEADER);
        System.arraycopy(packet, srh + length, out, IPV6_HEADER, packet.length - srh - length);
        out[6] = packet[srh]; // the routing header's next header
        int payload = ((packet[4] & 0xFF) << 8 | (packet[5] & 0xFF)) - length;
        out[4] = (byte) (payload >> 8);
        out[5] = (byte) payload;
        System.arraycopy(packet, srh + 8, out, 24, 16); // segment 0 / the home address: the final destination
        return out;
    }

    /**
     * {@code packet} (IPv6) with its destination {@code from} replaced by {@code to}, the TCP or UDP checksum
     * that directly follows the IPv6 header adjusted for the changed pseudo-header (RFC 1624 incremental update);
     * {@code packet} itself when its destination is not {@code from}. For packets that came along a binding of the
     * nft data plane after the binding was removed here: they still carry the node's own address, while the socket
     * they belong to (on this node or the next) is the service address's. Never throws.
     */
    public static byte[] readdressed(byte[] packet, byte[] from, byte[] to) {
        if (packet.length < IPV6_HEADER || (packet[0] & 0xF0) != 0x60 || from.length != 16 || to.length != 16
                || !java.util.Arrays.equals(packet, 24, 40, from, 0, 16)) {
            return packet;
        }
        byte[] out = packet.clone();
        System.arraycopy(to, 0, out, 24, 16);
        int next = packet[6] & 0xFF;
        int at = next == 6 ? IPV6_HEADER + 16 : next == 17 ? IPV6_HEADER + 6 : -1;
        if (at < 0 || at + 2 > out.length || (next == 17 && out[at] == 0 && out[at + 1] == 0)) {
            return out;
        }
        int sum = ~(((out[at] & 0xFF) << 8) | (out[at + 1] & 0xFF)) & 0xFFFF;
        for (int i = 0; i < 16; i += 2) {
            sum += ~(((from[i] & 0xFF) << 8) | (from[i + 1] & 0xFF)) & 0xFFFF;
            sum += ((to[i] & 0xFF) << 8) | (to[i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        int check = ~sum & 0xFFFF;
        out[at] = (byte) (check >> 8);
        out[at + 1] = (byte) check;
        return out;
    }
}
