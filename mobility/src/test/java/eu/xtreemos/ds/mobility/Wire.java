package eu.xtreemos.ds.mobility;

/** Sends an {@link OutgoingMessage} "over the wire" in memory: encoded with its checksum, decoded, checked. */
final class Wire {
    private Wire() {
    }

    static DecodeResult.Decoded deliver(OutgoingMessage m) {
        byte[] octets = m.encodeWithChecksum();
        DecodeResult r = MobilityHeaderDecoder.strict().decode(octets, m.source(), m.destination());
        if (!(r instanceof DecodeResult.Decoded d)) {
            throw new AssertionError("undecodable " + m + ": " + r);
        }
        return d;
    }
}
