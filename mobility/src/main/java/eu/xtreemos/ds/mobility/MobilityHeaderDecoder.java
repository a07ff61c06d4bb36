package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a Mobility Header into a {@link MobilityMessage}. Never throws for any input: a header that is
 * short, lies about its length, has a bad checksum, an unknown type or a broken option comes back as
 * {@link DecodeResult.Rejected} with the reason and the offset.
 */
public final class MobilityHeaderDecoder {
    private static final int COMMON_HEADER = 6;

    private final DecodeMode mode;

    public MobilityHeaderDecoder(DecodeMode mode) {
        this.mode = mode;
    }

    /** A decoder that reads as RFC 6275 asks of receivers. */
    public static MobilityHeaderDecoder rfc() {
        return new MobilityHeaderDecoder(DecodeMode.RFC);
    }

    public static MobilityHeaderDecoder strict() {
        return new MobilityHeaderDecoder(DecodeMode.STRICT);
    }

    /** Decodes and checks the checksum against the packet's addresses. */
    public DecodeResult decode(byte[] mh, Inet6Address source, Inet6Address destination) {
        // RFC 6275 §9.2 checks the checksum first: a damaged header is discarded whatever else it says
        if (mh != null && mh.length >= 8 && !MhChecksum.isValid(source, destination, mh)) {
            int field = OptionCodec.u16(mh, MhChecksum.OFFSET);
            return new DecodeResult.Rejected(Malformation.BAD_CHECKSUM, MhChecksum.OFFSET, String.format(
                    "checksum 0x%04x, expected 0x%04x for %s -> %s", field,
                    MhChecksum.compute(source, destination, mh), source.getHostAddress(),
                    destination.getHostAddress()));
        }
        return decodeWithoutChecksum(mh);
    }

    /**
     * Decodes without looking at the checksum: for headers read from a raw socket of protocol 135, whose
     * kernel has already dropped the ones with a bad checksum.
     */
    public DecodeResult decodeWithoutChecksum(byte[] mh) {
        if (mh == null || mh.length < 8) {
            return new DecodeResult.Rejected(Malformation.TOO_SHORT, 0,
                    (mh == null ? 0 : mh.length) + " octets, a Mobility Header has at least 8");
        }
        int declared = ((mh[1] & 0xff) + 1) * 8;
        if (declared > mh.length) {
            return new DecodeResult.Rejected(Malformation.TRUNCATED, 1,
                    "Header Len " + (mh[1] & 0xff) + " means " + declared + " octets, only " + mh.length + " present");
        }
        if (declared < mh.length) {
            return new DecodeResult.Rejected(Malformation.TRAILING_OCTETS, declared,
                    "Header Len " + (mh[1] & 0xff) + " means " + declared + " octets, " + mh.length + " present");
        }
        if ((mh[0] & 0xff) != MobilityHeaderEncoder.PAYLOAD_PROTO_NONE) {
            return new DecodeResult.Rejected(Malformation.BAD_PAYLOAD_PROTO, 0,
                    "Payload Proto " + (mh[0] & 0xff) + ", must be 59");
        }
        MhType type = MhType.of(mh[2] & 0xff);
        if (type == null) {
            return new DecodeResult.Rejected(Malformation.UNKNOWN_TYPE, 2, "MH Type " + (mh[2] & 0xff));
        }
        if (mh.length < type.fixedLength()) {
            return new DecodeResult.Rejected(Malformation.SHORTER_THAN_TYPE, 1, type.shortName() + " needs "
                    + type.fixedLength() + " octets before its options, Header Len gives " + mh.length);
        }
        if (mode == DecodeMode.STRICT) {
            DecodeResult.Rejected r = reservedBits(mh, type);
            if (r != null) {
                return r;
            }
        }
        OptionCodec.Parsed p = OptionCodec.read(mh, type.fixedLength(), mh.length, mode);
        if (p.rejection() != null) {
            return p.rejection();
        }
        return new DecodeResult.Decoded(message(mh, type, p.options()), mh, p.authenticatorOffset());
    }

    private static MobilityMessage message(byte[] b, MhType type, List<MobilityOption> options) {
        int f = COMMON_HEADER;
        return switch (type) {
            case BINDING_REFRESH_REQUEST -> new BindingRefreshRequest(options);
            case HOME_TEST_INIT -> new HomeTestInit(u64(b, f + 2), options);
            case CARE_OF_TEST_INIT -> new CareOfTestInit(u64(b, f + 2), options);
            case HOME_TEST -> new HomeTest(u16(b, f), u64(b, f + 2), u64(b, f + 10), options);
            case CARE_OF_TEST -> new CareOfTest(u16(b, f), u64(b, f + 2), u64(b, f + 10), options);
            case BINDING_UPDATE -> {
                int flags = u16(b, f + 2);
                yield new BindingUpdate(u16(b, f), (flags & BindingUpdate.FLAG_A) != 0,
                        (flags & BindingUpdate.FLAG_H) != 0, (flags & BindingUpdate.FLAG_L) != 0,
                        (flags & BindingUpdate.FLAG_K) != 0, u16(b, f + 4), options);
            }
            case BINDING_ACKNOWLEDGEMENT -> new BindingAcknowledgement(b[f] & 0xff,
                    (b[f + 1] & BindingAcknowledgement.FLAG_K) != 0, u16(b, f + 2), u16(b, f + 4), options);
            case BINDING_ERROR -> new BindingError(b[f] & 0xff,
                    Fields.ipv6(Arrays.copyOfRange(b, f + 2, f + 18)), options);
        };
    }

    /** Strict mode: the Reserved octet of the common header and the type's reserved fields must be zero. */
    private static DecodeResult.Rejected reservedBits(byte[] b, MhType type) {
        if (b[3] != 0) {
            return reserved(3, "the Reserved octet after MH Type");
        }
        int f = COMMON_HEADER;
        return switch (type) {
            case BINDING_REFRESH_REQUEST, HOME_TEST_INIT, CARE_OF_TEST_INIT ->
                    u16(b, f) != 0 ? reserved(f, "the Reserved field of " + type.shortName()) : null;
            case BINDING_UPDATE -> (u16(b, f + 2) & BindingUpdate.RESERVED_FLAGS) != 0
                    ? reserved(f + 2, "reserved Binding Update flags") : null;
            case BINDING_ACKNOWLEDGEMENT -> (b[f + 1] & BindingAcknowledgement.RESERVED_FLAGS) != 0
                    ? reserved(f + 1, "reserved Binding Acknowledgement flags") : null;
            case BINDING_ERROR -> b[f + 1] != 0 ? reserved(f + 1, "the Reserved octet of Binding Error") : null;
            default -> null;
        };
    }

    private static DecodeResult.Rejected reserved(int at, String what) {
        return new DecodeResult.Rejected(Malformation.RESERVED_BITS_SET, at, what + " is not zero");
    }

    private static int u16(byte[] b, int at) {
        return OptionCodec.u16(b, at);
    }

    private static long u64(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }
}
