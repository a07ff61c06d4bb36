package eu.xtreemos.ds.mobility;

import static eu.xtreemos.ds.mobility.Addresses.CORRESPONDENT;
import static eu.xtreemos.ds.mobility.Addresses.HOME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every reason the decoder gives, each provoked by hand-written octets. */
class MalformedHeaderTest {
    private static final MobilityHeaderDecoder RFC = MobilityHeaderDecoder.rfc();
    private static final MobilityHeaderDecoder STRICT = MobilityHeaderDecoder.strict();

    private static DecodeResult.Rejected rejected(MobilityHeaderDecoder d, String hex) {
        DecodeResult r = d.decodeWithoutChecksum(Hex.bytes(hex));
        assertTrue(r instanceof DecodeResult.Rejected, () -> "accepted: " + r);
        return (DecodeResult.Rejected) r;
    }

    private static void expect(Malformation m, int offset, MobilityHeaderDecoder d, String hex) {
        DecodeResult.Rejected r = rejected(d, hex);
        assertEquals(m, r.reason(), r::toString);
        assertEquals(offset, r.offset(), r::toString);
    }

    @Test
    void lengths() {
        expect(Malformation.TOO_SHORT, 0, RFC, "3b 00 00 00 0000 00");
        expect(Malformation.TRUNCATED, 1, RFC, "3b 01 01 00 0000 0000 | 0123456789ab");
        expect(Malformation.TRAILING_OCTETS, 8, RFC, "3b 00 00 00 0000 0000 | 00");
        expect(Malformation.SHORTER_THAN_TYPE, 1, RFC, "3b 00 03 00 0000 0000"); // a HoT needs 24 octets
        assertEquals(Malformation.TOO_SHORT, RFC.decodeWithoutChecksum(null).rejectionOrNull().reason());
    }

    @Test
    void headerFields() {
        expect(Malformation.BAD_PAYLOAD_PROTO, 0, RFC, "06 00 00 00 0000 0000");
        expect(Malformation.UNKNOWN_TYPE, 2, RFC, "3b 00 08 00 0000 0000");
    }

    @Test
    void checksumIsCheckedFirst() {
        byte[] good = MobilityHeaderEncoder.encode(new HomeTestInit(1), HOME, CORRESPONDENT);
        assertTrue(RFC.decode(good, HOME, CORRESPONDENT).ok());
        byte[] bad = good.clone();
        bad[15] ^= 1;
        DecodeResult.Rejected r = RFC.decode(bad, HOME, CORRESPONDENT).rejectionOrNull();
        assertEquals(Malformation.BAD_CHECKSUM, r.reason());
        assertEquals(4, r.offset());
        // the same octets from another source are damaged too: the pseudo-header counts
        assertEquals(Malformation.BAD_CHECKSUM,
                RFC.decode(good, Addresses.CARE_OF, CORRESPONDENT).rejectionOrNull().reason());
    }

    @Test
    void options() {
        // a BU (options from octet 12) whose last option's length octet is missing / whose data runs out
        expect(Malformation.OPTION_OVERRUN, 15, RFC, "3b 01 05 00 0000 | 0001 0000 0000 | 00 00 00 04");
        expect(Malformation.OPTION_OVERRUN, 12, RFC, "3b 01 05 00 0000 | 0001 0000 0000 | 04 04 0001");
        // Nonce Indices with 2 octets, Alternate CoA with 4, Binding Refresh Advice with 0
        expect(Malformation.BAD_OPTION_LENGTH, 12, RFC, "3b 01 05 00 0000 | 0001 0000 0000 | 04 02 0001");
        expect(Malformation.BAD_OPTION_LENGTH, 12, RFC, "3b 01 05 00 0000 | 0001 0000 0000 | 03 02 0001");
        expect(Malformation.BAD_OPTION_LENGTH, 12, RFC, "3b 01 06 00 0000 | 0000 0001 0000 | 02 00 0000");
        // Nonce Indices after the authorization data
        expect(Malformation.AUTHORIZATION_NOT_LAST, 18, RFC,
                "3b 02 05 00 0000 | 0001 0000 0000 | 05 04 01020304 | 04 04 0001 0002");
    }

    @Test
    void strictModeChecksWhatReceiversMayIgnore() {
        String reservedOctet = "3b 00 00 01 0000 0000";
        assertTrue(RFC.decodeWithoutChecksum(Hex.bytes(reservedOctet)).ok());
        expect(Malformation.RESERVED_BITS_SET, 3, STRICT, reservedOctet);

        String buReservedFlag = "3b 01 05 00 0000 | 0001 0800 0000 | 01 02 0000"; // RFC 3963's R bit
        BindingUpdate bu = (BindingUpdate) RFC.decodeWithoutChecksum(Hex.bytes(buReservedFlag)).orElseThrow();
        assertEquals(0, bu.flagBits());
        expect(Malformation.RESERVED_BITS_SET, 8, STRICT, buReservedFlag);

        expect(Malformation.RESERVED_BITS_SET, 7, STRICT, "3b 01 06 00 0000 | 00 01 0001 0000 | 01 02 0000");
        expect(Malformation.RESERVED_BITS_SET, 6, STRICT, "3b 01 01 00 0000 0001 | 0000000000000000");

        String dirtyPadding = "3b 01 05 00 0000 | 0001 0000 0000 | 01 02 ff00";
        assertTrue(RFC.decodeWithoutChecksum(Hex.bytes(dirtyPadding)).ok());
        expect(Malformation.NONZERO_PADDING, 12, STRICT, dirtyPadding);

        String misaligned = "3b 02 05 00 0000 | 0001 0000 0000 | 00 | 04 04 0001 0002 | 01 03 000000"; // NI at 13
        assertTrue(RFC.decodeWithoutChecksum(Hex.bytes(misaligned)).ok());
        expect(Malformation.MISALIGNED_OPTION, 13, STRICT, misaligned);
    }
}
