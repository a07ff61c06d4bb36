package eu.xtreemos.ds.mobility;

import static eu.xtreemos.ds.mobility.Addresses.CARE_OF;
import static eu.xtreemos.ds.mobility.Addresses.CORRESPONDENT;
import static eu.xtreemos.ds.mobility.Addresses.HOME;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each message type against octets written by hand from the figures of RFC 6275 §6.1 and §6.2 (not from
 * the encoder): decode gives the expected record, encode gives the octets back. Checksums were computed
 * with a separate implementation, and one Binding Update is a packet captured from another MIPv6 stack.
 */
class RfcVectorsTest {
    private static final MobilityHeaderDecoder STRICT = MobilityHeaderDecoder.strict();

    private static void roundTrip(String hex, MobilityMessage expected) {
        byte[] wire = Hex.bytes(hex);
        assertEquals(expected, STRICT.decodeWithoutChecksum(wire).orElseThrow());
        assertArrayEquals(wire, MobilityHeaderEncoder.encode(expected), "encoding of " + expected);
        assertEquals(wire.length, ((wire[1] & 0xff) + 1) * 8, "Header Len counts 8-octet units after the first 8");
    }

    @Test
    void bindingRefreshRequest() {
        // Payload Proto 59 | Header Len 0 | MH Type 0 | Reserved | Checksum | Reserved (16)
        roundTrip("3b 00 00 00  0000  0000", new BindingRefreshRequest());
    }

    @Test
    void homeTestInitWithIndependentChecksum() {
        // ... MH Type 1 | Checksum | Reserved (16) | Home Init Cookie (64)
        String hex = "3b 01 01 00  26bb  0000 | 0123456789abcdef";
        MobilityMessage m = MobilityHeaderDecoder.rfc().decode(Hex.bytes(hex), HOME, CORRESPONDENT).orElseThrow();
        assertEquals(new HomeTestInit(0x0123456789abcdefL), m);
        assertArrayEquals(Hex.bytes(hex), MobilityHeaderEncoder.encode(m, HOME, CORRESPONDENT));
    }

    @Test
    void careOfTestInit() {
        roundTrip("3b 01 02 00  0000  0000 | fedcba9876543210", new CareOfTestInit(0xfedcba9876543210L));
    }

    @Test
    void homeTest() {
        // ... MH Type 3 | Checksum | Home Nonce Index | Home Init Cookie (64) | Home Keygen Token (64)
        roundTrip("3b 02 03 00  0000  0007 | 0123456789abcdef | 1122334455667788",
                new HomeTest(7, 0x0123456789abcdefL, 0x1122334455667788L));
    }

    @Test
    void careOfTestWithIndependentChecksum() {
        String hex = "3b 02 04 00  2e8b  0009 | fedcba9876543210 | 99aabbccddeeff00";
        MobilityMessage m = MobilityHeaderDecoder.strict().decode(Hex.bytes(hex), CORRESPONDENT, CARE_OF).orElseThrow();
        assertEquals(new CareOfTest(9, 0xfedcba9876543210L, 0x99aabbccddeeff00L), m);
        assertArrayEquals(Hex.bytes(hex), MobilityHeaderEncoder.encode(m, CORRESPONDENT, CARE_OF));
    }

    @Test
    void bindingUpdateWithAlternateCareOfNonceIndicesAndAuthorization() {
        String hex = "3b 06 05 00  0000"
                + "| 002a | 8000 | 0040"              // Sequence 42, A set, Lifetime 64 units (256 s)
                + "| 01 00"                           // PadN, 0 octets: Alternate CoA must start at 8n+6
                + "| 03 10 fd0000d500ed000000000000 00000002" // at 14: Alternate Care-of Address
                + "| 04 04 0007 0009"                 // at 32 (2n): Nonce Indices home 7, care-of 9
                + "| 01 02 0000"                      // PadN, 2 octets: the authorization data must end the header
                + "| 05 0c 0102030405060708090a0b0c"; // at 42 (8n+2): Binding Authorization Data, ends at 56
        roundTrip(hex, new BindingUpdate(42, true, false, false, false, 64, List.of(
                new AlternateCareOfAddress(CARE_OF), new NonceIndices(7, 9),
                new BindingAuthorizationData(Hex.bytes("0102030405060708090a0b0c")))));
    }

    @Test
    void bindingUpdateFlagsEachInItsBit() {
        assertEquals(new BindingUpdate(1, false, true, false, false, 0, List.of()),
                STRICT.decodeWithoutChecksum(Hex.bytes("3b 01 05 00 0000 | 0001 | 4000 | 0000 | 01 02 0000")).orElseThrow());
        assertEquals(new BindingUpdate(1, false, false, true, false, 0, List.of()),
                STRICT.decodeWithoutChecksum(Hex.bytes("3b 01 05 00 0000 | 0001 | 2000 | 0000 | 01 02 0000")).orElseThrow());
        assertEquals(new BindingUpdate(1, false, false, false, true, 0, List.of()),
                STRICT.decodeWithoutChecksum(Hex.bytes("3b 01 05 00 0000 | 0001 | 1000 | 0000 | 01 02 0000")).orElseThrow());
    }

    @Test
    void bindingAcknowledgementWithAuthorization() {
        // Status | K | Reserved | Sequence | Lifetime, then padding so the 14-octet option ends the header
        roundTrip("3b 03 06 00  0000  00 00 | 002a | 0040 | 01 04 00000000 | 05 0c ffeeddccbbaa998877665544",
                new BindingAcknowledgement(0, false, 42, 64, List.of(
                        new BindingAuthorizationData(Hex.bytes("ffeeddccbbaa998877665544")))));
    }

    @Test
    void bindingAcknowledgementWithRefreshAdviceAndKFlag() {
        roundTrip("3b 01 06 00  0000  87 80 | 002a | 0040 | 02 02 0010",
                new BindingAcknowledgement(135, true, 42, 64, List.of(new BindingRefreshAdvice(16))));
    }

    @Test
    void bindingErrorWithIndependentChecksum() {
        // Status | Reserved | Home Address (128)
        String hex = "3b 02 07 00  bd14  02 00 | fd0000d500ed00000000000000000100";
        MobilityMessage m = STRICT.decode(Hex.bytes(hex), CORRESPONDENT, HOME).orElseThrow();
        assertEquals(new BindingError(BindingError.UNRECOGNIZED_MH_TYPE, HOME), m);
        assertArrayEquals(Hex.bytes(hex), MobilityHeaderEncoder.encode(m, CORRESPONDENT, HOME));
    }

    @Test
    void pad1AndUnknownOptionsAreRead() {
        // Pad1, then an option of type 8 (RFC 4283, not interpreted here) with 1 octet of data
        MobilityMessage m = MobilityHeaderDecoder.rfc().decodeWithoutChecksum(
                Hex.bytes("3b 01 05 00 0000 | 0001 | 0000 | 0000 | 00 | 08 01 ab")).orElseThrow();
        assertEquals(List.of(new UnknownOption(8, Hex.bytes("ab"))), m.options());
    }

    /**
     * A Binding Update captured from another Mobile IPv6 implementation (tcpdump: "mobility: BU seq#=1
     * lifetime=8"), with its checksum: our decoder accepts it and our encoder produces the same octets.
     */
    @Test
    void capturedBindingUpdateFromAnotherStack() {
        String hex = "3b03 0500 1c46 0001 0000 0002 0100 0310 2001 0470 7210 0011 020c 29ff fe46 a0e3";
        var src = Addresses.of("2001:470:7210:10::11");
        var dst = Addresses.of("2001:470:7210:10::1000");
        DecodeResult r = STRICT.decode(Hex.bytes(hex), src, dst);
        BindingUpdate bu = (BindingUpdate) r.orElseThrow();
        assertEquals(1, bu.sequence());
        assertEquals(8, bu.lifetimeSeconds());
        assertEquals(Addresses.of("2001:470:7210:11:20c:29ff:fe46:a0e3"),
                bu.option(AlternateCareOfAddress.class).address());
        assertArrayEquals(Hex.bytes(hex), MobilityHeaderEncoder.encode(bu, src, dst));
        assertTrue(MhChecksum.isValid(src, dst, Hex.bytes(hex)));
    }
}
