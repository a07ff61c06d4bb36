package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;

/** A Mobility Header message to send, with the addresses of the packet that carries it. */
public record OutgoingMessage(MobilityMessage message, Inet6Address source, Inet6Address destination) {
    public OutgoingMessage {
        Fields.address("source", source);
        Fields.address("destination", destination);
    }

    /** The header with its checksum, for a packet written whole (pcap, IPV6_HDRINCL). */
    public byte[] encodeWithChecksum() {
        return MobilityHeaderEncoder.encode(message, source, destination);
    }
}
