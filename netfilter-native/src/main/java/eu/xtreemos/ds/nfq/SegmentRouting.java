package eu.xtreemos.ds.nfq;

/**
 * Packets that came along a route-optimization binding carry an SRv6 segment routing header (RFC 8754): the
 * IPv6 destination is the serving node's own address and the header's last segment (segment 0) is the
 * service address. Such a packet, held at one node and delivered at another, must first become the packet
 * the client meant: sent to the service address, without the routing header. The TCP checksum stays valid —
 * the client computed it over the final destination, as RFC 8200 §8.1 asks.
 */
public final class SegmentRouting {
    private static final int IPV6_HEADER = 40;
    private static final int NEXT_HEADER_ROUTING = 43;
    private static final int TYPE_SRH = 4;

    private SegmentRouting() {
    }

    /**
     * {@code packet} addressed to its final destination: with the segment routing header that directly
     * follows the IPv6 header removed and the destination set to its segment 0, if it has one with segments
     * left; otherwise {@code packet} itself. Never throws: a malformed header leaves the packet as it is.
     */
    public static byte[] toFinalDestination(byte[] packet) {
        if (packet.length < IPV6_HEADER + 8 || (packet[0] & 0xF0) != 0x60 || (packet[6] & 0xFF) != NEXT_HEADER_ROUTING) {
            return packet;
        }
        int srh = IPV6_HEADER;
        int length = ((packet[srh + 1] & 0xFF) + 1) * 8;
        int type = packet[srh + 2] & 0xFF;
        int segmentsLeft = packet[srh + 3] & 0xFF;
        if (type != TYPE_SRH || segmentsLeft == 0 || length < 8 + 16 || srh + length > packet.length) {
            return packet;
        }
        byte[] out = new byte[packet.length - length];
        System.arraycopy(packet, 0, out, 0, IPV6_HEADER);
        System.arraycopy(packet, srh + length, out, IPV6_HEADER, packet.length - srh - length);
        out[6] = packet[srh]; // the routing header's next header
        int payload = ((packet[4] & 0xFF) << 8 | (packet[5] & 0xFF)) - length;
        out[4] = (byte) (payload >> 8);
        out[5] = (byte) payload;
        System.arraycopy(packet, srh + 8, out, 24, 16); // segment 0: the final destination
        return out;
    }
}
