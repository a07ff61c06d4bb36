package eu.xtreemos.ds.mobility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of the codec over generated messages and arbitrary octets. */
class CodecProperties {
    private static final MobilityHeaderDecoder RFC = MobilityHeaderDecoder.rfc();
    private static final MobilityHeaderDecoder STRICT = MobilityHeaderDecoder.strict();

    @Provide
    Arbitrary<MobilityMessage> messages() {
        return MessageArbitraries.messages();
    }

    @Provide
    Arbitrary<Inet6Address> addresses() {
        return MessageArbitraries.addresses();
    }

    @Property
    void decodeOfEncodeIsTheMessage(@ForAll("messages") MobilityMessage m, @ForAll("addresses") Inet6Address src,
                                    @ForAll("addresses") Inet6Address dst) {
        byte[] wire = MobilityHeaderEncoder.encode(m, src, dst);
        assertEquals(0, wire.length % 8);
        assertEquals(wire.length, ((wire[1] & 0xff) + 1) * 8);
        // strict: our own output follows every alignment and reserved-field rule
        assertEquals(m, STRICT.decode(wire, src, dst).orElseThrow());
        assertEquals(m, RFC.decodeWithoutChecksum(MobilityHeaderEncoder.encode(m)).orElseThrow());
    }

    @Property
    void randomOctetsNeverThrow(@ForAll @Size(max = 300) byte[] octets, @ForAll("addresses") Inet6Address src,
                                @ForAll("addresses") Inet6Address dst) {
        assertNotNull(RFC.decodeWithoutChecksum(octets));
        assertNotNull(STRICT.decodeWithoutChecksum(octets));
        assertNotNull(RFC.decode(octets, src, dst));
    }

    /** Octets that look like a Mobility Header (right length field and proto) get further into the decoder. */
    @Property
    void plausibleHeadersNeverThrow(@ForAll @IntRange(min = 0, max = 12) int type,
                                    @ForAll @IntRange(min = 0, max = 6) int units, @ForAll @Size(48) byte[] body) {
        byte[] mh = Arrays.copyOf(body, (units + 1) * 8);
        mh[0] = 59;
        mh[1] = (byte) units;
        mh[2] = (byte) type;
        assertNotNull(RFC.decodeWithoutChecksum(mh));
        assertNotNull(STRICT.decodeWithoutChecksum(mh));
    }

    @Property
    void damagedEncodingsNeverThrow(@ForAll("messages") MobilityMessage m, @ForAll @IntRange(max = 2047) int at,
                                    @ForAll byte value, @ForAll @IntRange(max = 2048) int cut) {
        byte[] wire = MobilityHeaderEncoder.encode(m);
        wire[at % wire.length] = value;
        byte[] truncated = Arrays.copyOf(wire, Math.min(cut, wire.length));
        assertNotNull(RFC.decodeWithoutChecksum(wire));
        assertNotNull(STRICT.decodeWithoutChecksum(truncated));
    }

    /** Any change to a signed update outside the checksum field breaks its authenticator or its decoding. */
    @Property(tries = 200)
    void authenticatorCoversEveryOctet(@ForAll("messages") MobilityMessage any, @ForAll @IntRange(max = 2047) int at,
                                       @ForAll @IntRange(min = 0, max = 7) int bit) {
        BindingUpdate bu = BindingUpdate.toCorrespondent(5, 10, any.options().stream()
                .filter(o -> !(o instanceof BindingAuthorizationData)).toList());
        BindingManagementKey kbm = BindingManagementKey.of(1, 2);
        byte[] wire = MobilityHeaderEncoder.encode(
                BindingAuthenticator.sign(bu, kbm, Addresses.CARE_OF, Addresses.CORRESPONDENT));
        DecodeResult.Decoded good = (DecodeResult.Decoded) RFC.decodeWithoutChecksum(wire);
        assertTrue(BindingAuthenticator.verify(good, kbm, Addresses.CARE_OF, Addresses.CORRESPONDENT));

        int i = at % wire.length;
        if (i == MhChecksum.OFFSET || i == MhChecksum.OFFSET + 1) {
            return; // the checksum is outside the authenticator by definition
        }
        wire[i] ^= (byte) (1 << bit);
        DecodeResult r = RFC.decodeWithoutChecksum(wire);
        if (r instanceof DecodeResult.Decoded d && d.message() instanceof BindingUpdate) {
            assertFalse(BindingAuthenticator.verify(d, kbm, Addresses.CARE_OF, Addresses.CORRESPONDENT),
                    "flipped bit " + bit + " of octet " + i + " still verifies");
        }
    }
}
