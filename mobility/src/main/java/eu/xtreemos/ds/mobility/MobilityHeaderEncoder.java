package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;

/**
 * Writes a {@link MobilityMessage} as a Mobility Header (RFC 6275 §6.1): Payload Proto 59, Header Len
 * in 8-octet units not counting the first 8, the type's fields, the options at their alignment, padding
 * to a multiple of 8 octets, and the checksum.
 */
public final class MobilityHeaderEncoder {
    /** IPPROTO_NONE: nothing follows the Mobility Header. */
    public static final int PAYLOAD_PROTO_NONE = 59;
    /** Header Len is one octet: at most 256 units of 8 octets. */
    public static final int MAX_LENGTH = 256 * 8;

    private MobilityHeaderEncoder() {
    }

    /**
     * The message with a zero checksum field: for a raw socket of protocol 135, where the kernel fills
     * the checksum in (IPV6_CHECKSUM at offset 4 is its default).
     */
    public static byte[] encode(MobilityMessage m) {
        WireWriter w = new WireWriter();
        w.u8(PAYLOAD_PROTO_NONE).u8(0).u8(m.type().code()).u8(0).u16(0);
        writeFields(w, m);
        if (w.position() != m.type().fixedLength()) {
            throw new IllegalStateException(m.type() + " fields took " + w.position() + " octets");
        }
        OptionCodec.write(w, m.options());
        byte[] out = w.toArray();
        if (out.length > MAX_LENGTH) {
            throw new IllegalArgumentException(m.type() + " of " + out.length + " octets does not fit Header Len");
        }
        out[1] = (byte) (out.length / 8 - 1);
        return out;
    }

    /** The message with its checksum for a packet from {@code source} to {@code destination}. */
    public static byte[] encode(MobilityMessage m, Inet6Address source, Inet6Address destination) {
        return MhChecksum.fill(source, destination, encode(m));
    }

    private static void writeFields(WireWriter w, MobilityMessage m) {
        if (m instanceof BindingRefreshRequest) {
            w.u16(0);
        } else if (m instanceof HomeTestInit h) {
            w.u16(0).u64(h.homeInitCookie());
        } else if (m instanceof CareOfTestInit c) {
            w.u16(0).u64(c.careOfInitCookie());
        } else if (m instanceof HomeTest h) {
            w.u16(h.homeNonceIndex()).u64(h.homeInitCookie()).u64(h.homeKeygenToken());
        } else if (m instanceof CareOfTest c) {
            w.u16(c.careOfNonceIndex()).u64(c.careOfInitCookie()).u64(c.careOfKeygenToken());
        } else if (m instanceof BindingUpdate u) {
            w.u16(u.sequence()).u16(u.flagBits()).u16(u.lifetimeUnits());
        } else if (m instanceof BindingAcknowledgement a) {
            w.u8(a.status()).u8(a.keyManagementMobility() ? BindingAcknowledgement.FLAG_K : 0)
                    .u16(a.sequence()).u16(a.lifetimeUnits());
        } else if (m instanceof BindingError e) {
            w.u8(e.status()).u8(0).bytes(e.homeAddress().getAddress());
        }
    }
}
