package eu.xtreemos.ds.mobility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Properties of the codec over many generated messages and arbitrary octets. Plain JUnit with a seeded
 * generator (the seed is in every failure message, so a failure can be replayed).
 */
class CodecProperties {
    private static final MobilityHeaderDecoder RFC = MobilityHeaderDecoder.rfc();
    private static final MobilityHeaderDecoder STRICT = MobilityHeaderDecoder.strict();
    private static final int TRIES = 2000;
    private static final long SEED = Long.getLong("mobility.seed", 0x5eed_6275L);

    @Test
    void decodeOfEncodeIsTheMessage() {
        MessageArbitraries gen = new MessageArbitraries(SEED);
        for (int i = 0; i < TRIES; i++) {
            MobilityMessage m = gen.message();
            Inet6Address src = gen.address(), dst = gen.address();
            byte[] wire = MobilityHeaderEncoder.encode(m, src, dst);
            String where = "seed " + SEED + ", try " + i + ": " + m;
            assertEquals(0, wire.length % 8, where);
            assertEquals(wire.length, ((wire[1] & 0xff) + 1) * 8, where);
            // strict: our own output follows every alignment and reserved-field rule
            assertEquals(m, STRICT.decode(wire, src, dst).orElseThrow(), where);
            assertEquals(m, RFC.decodeWithoutChecksum(MobilityHeaderEncoder.encode(m)).orElseThrow(), where);
        }
    }

    @Test
    void randomOctetsNeverThrow() {
        MessageArbitraries gen = new MessageArbitraries(SEED + 1);
        for (int i = 0; i < TRIES * 5; i++) {
            byte[] octets = gen.bytes(300);
            Inet6Address src = gen.address(), dst = gen.address();
            assertNotNull(RFC.decodeWithoutChecksum(octets));
            assertNotNull(STRICT.decodeWithoutChecksum(octets));
            assertNotNull(RFC.decode(octets, src, dst));
        }
    }

    /** Octets that look like a Mobility Header (right length field and proto) get further into the decoder. */
    @Test
    void plausibleHeadersNeverThrow() {
        MessageArbitraries gen = new MessageArbitraries(SEED + 2);
        for (int i = 0; i < TRIES * 5; i++) {
            int type = gen.random().nextInt(13), units = gen.random().nextInt(7);
            byte[] body = new byte[48];
            gen.random().nextBytes(body);
            byte[] mh = Arrays.copyOf(body, (units + 1) * 8);
            mh[0] = 59;
            mh[1] = (byte) units;
            mh[2] = (byte) type;
            assertNotNull(RFC.decodeWithoutChecksum(mh));
            assertNotNull(STRICT.decodeWithoutChecksum(mh));
        }
    }

    @Test
    void damagedEncodingsNeverThrow() {
        MessageArbitraries gen = new MessageArbitraries(SEED + 3);
        for (int i = 0; i < TRIES; i++) {
            byte[] wire = MobilityHeaderEncoder.encode(gen.message());
            wire[gen.random().nextInt(wire.length)] = (byte) gen.random().nextInt(256);
            byte[] truncated = Arrays.copyOf(wire, gen.random().nextInt(wire.length + 1));
            assertNotNull(RFC.decodeWithoutChecksum(wire));
            assertNotNull(STRICT.decodeWithoutChecksum(truncated));
        }
    }

    /** Any change to a signed update outside the checksum field breaks its authenticator or its decoding. */
    @Test
    void authenticatorCoversEveryOctet() {
        MessageArbitraries gen = new MessageArbitraries(SEED + 4);
        BindingManagementKey kbm = BindingManagementKey.of(1, 2);
        for (int t = 0; t < 200; t++) {
            BindingUpdate bu = BindingUpdate.toCorrespondent(5, 10, gen.options().stream()
                    .filter(o -> !(o instanceof BindingAuthorizationData)).toList());
            byte[] wire = MobilityHeaderEncoder.encode(BindingAuthenticator.sign(bu, kbm, Addresses.CARE_OF, Addresses.CORRESPONDENT));
            DecodeResult.Decoded good = (DecodeResult.Decoded) RFC.decodeWithoutChecksum(wire);
            assertTrue(BindingAuthenticator.verify(good, kbm, Addresses.CARE_OF, Addresses.CORRESPONDENT));
            int i = gen.random().nextInt(wire.length), bit = gen.random().nextInt(8);
            if (i == MhChecksum.OFFSET || i == MhChecksum.OFFSET + 1) {
                continue; // the checksum is outside the authenticator by definition
            }
            wire[i] ^= (byte) (1 << bit);
            DecodeResult r = RFC.decodeWithoutChecksum(wire);
            if (r instanceof DecodeResult.Decoded d && d.message() instanceof BindingUpdate) {
                assertFalse(BindingAuthenticator.verify(d, kbm, Addresses.CARE_OF, Addresses.CORRESPONDENT),
                        "seed " + SEED + ": flipped bit " + bit + " of octet " + i + " still verifies");
            }
        }
    }
}
