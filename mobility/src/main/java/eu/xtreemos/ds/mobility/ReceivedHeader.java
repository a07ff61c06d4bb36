package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;

/** A Mobility Header as a raw socket delivered it, with the packet's source and destination. */
public record ReceivedHeader(Inet6Address source, Inet6Address destination, byte[] header) {
    public ReceivedHeader {
        header = header.clone();
    }

    @Override
    public byte[] header() {
        return header.clone();
    }

    /** Decodes it, checking the checksum again (cheap; it also covers sockets with the kernel check off). */
    public DecodeResult decode(MobilityHeaderDecoder decoder) {
        return decoder.decode(header, source, destination);
    }
}
