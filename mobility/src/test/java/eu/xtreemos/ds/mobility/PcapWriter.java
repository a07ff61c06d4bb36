package eu.xtreemos.ds.mobility;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes IPv6 packets to a classic pcap file (libpcap format 2.4, little-endian) with link type
 * LINKTYPE_RAW (101): each record is a bare IP packet, no link-layer header.
 */
final class PcapWriter implements AutoCloseable {
    private static final int MAGIC = 0xa1b2c3d4;
    private static final int LINKTYPE_RAW = 101;
    private static final int SNAPLEN = 65535;

    private final OutputStream out;
    private int seconds = 1_700_000_000;

    PcapWriter(Path file) throws IOException {
        out = Files.newOutputStream(file);
        out.write(le(24).putInt(MAGIC).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(SNAPLEN).putInt(LINKTYPE_RAW).array());
    }

    /** Appends an IPv6 packet carrying {@code mh} as its only extension header (next header 135). */
    void writeMobilityHeader(Inet6Address source, Inet6Address destination, byte[] mh) throws IOException {
        byte[] packet = ByteBuffer.allocate(40 + mh.length).putInt(6 << 28).putShort((short) mh.length)
                .put((byte) MhChecksum.NEXT_HEADER_MH).put((byte) 64).put(source.getAddress())
                .put(destination.getAddress()).put(mh).array();
        out.write(le(16).putInt(seconds++).putInt(0).putInt(packet.length).putInt(packet.length).array());
        out.write(packet);
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
