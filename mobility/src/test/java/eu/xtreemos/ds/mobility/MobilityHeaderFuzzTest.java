package eu.xtreemos.ds.mobility;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.xtreemos.ds.fuzz.AllocationMeter;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.Inet6Address;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Coverage-guided fuzzing of the Mobility Header decoder (docs/fuzzing.md); {@code mvn verify} replays
 * the seeds and the committed inputs, {@code JAZZER_FUZZ=1} fuzzes. Contract: every input gives a
 * {@link DecodeResult} (never an exception), decoding allocates in proportion to the input, and a
 * message that decodes re-encodes to octets that decode to the same message, in either mode.
 */
class MobilityHeaderFuzzTest {
    private static final MobilityHeaderDecoder RFC = MobilityHeaderDecoder.rfc();
    private static final MobilityHeaderDecoder STRICT = MobilityHeaderDecoder.strict();
    private static final Inet6Address SOURCE = Fields.ipv6(new byte[] {(byte) 0xfd, 0, 0, (byte) 0xd5, 0, 80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    private static final Inet6Address DESTINATION = Fields.ipv6(new byte[] {(byte) 0xfd, 0, 0, (byte) 0xd5, 0, 80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2});

    @MethodSource("seeds")
    @FuzzTest
    void decodeArbitraryHeader(byte[] mh) {
        for (MobilityHeaderDecoder decoder : new MobilityHeaderDecoder[] {RFC, STRICT}) {
            DecodeResult r = AllocationMeter.measure(() -> decoder.decodeWithoutChecksum(mh))
                    .assertNothingThrown().assertAllocationBounded(mh.length, 8).value();
            assertNotNull(r);
            if (r instanceof DecodeResult.Decoded d) {
                reencodes(decoder, d.message());
            }
        }
        // with the checksum: as received (random octets fail it), and with it made right
        AllocationMeter.measure(() -> RFC.decode(mh, SOURCE, DESTINATION)).assertNothingThrown();
        if (mh.length >= 8) {
            byte[] summed = MhChecksum.fill(SOURCE, DESTINATION, mh.clone());
            DecodeResult r = AllocationMeter.measure(() -> RFC.decode(summed, SOURCE, DESTINATION))
                    .assertNothingThrown().value();
            assertEquals(RFC.decodeWithoutChecksum(summed).ok(), r.ok(), "the checksum decides nothing else: " + r);
        }
    }

    private static void reencodes(MobilityHeaderDecoder decoder, MobilityMessage m) {
        byte[] again;
        try {
            again = MobilityHeaderEncoder.encode(m);
        } catch (RuntimeException e) {
            throw new AssertionError("a decoded " + m.type() + " cannot be encoded: " + e.getMessage(), e);
        }
        DecodeResult back = decoder.decodeWithoutChecksum(again);
        assertEquals(m, back.messageOrNull(), "re-encoded message decodes differently: " + back);
    }

    /** Seeds: every message type with assorted options, from the property tests' seeded generator. */
    static Stream<byte[]> seeds() {
        MessageArbitraries gen = new MessageArbitraries(0x6275);
        return IntStream.range(0, 24).mapToObj(i -> MobilityHeaderEncoder.encode(gen.message()));
    }
}
