package eu.xtreemos.ds.tcp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.xtreemos.ds.fuzz.AllocationMeter;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Coverage-guided fuzzing of the connection-state decoder (docs/fuzzing.md). A plain {@code mvn verify}
 * replays the seeds below and the committed inputs in {@code ConnectionStateCodecFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes. Contract: any bytes either decode or are refused with {@link InvalidStateException}; decoding
 * allocates no more than the record's own size; a record that decodes re-encodes to the same bytes.
 */
class ConnectionStateCodecFuzzTest {

    /** The bytes as they arrive: random bytes almost never get past the CRC-32. */
    @MethodSource("seeds")
    @FuzzTest
    void decodeArbitraryBytes(byte[] record) {
        check(record);
    }

    /**
     * The bytes with total_len and the CRC-32 made to match, so the fuzzer explores every field check
     * behind them (it cannot compute a CRC itself).
     */
    @MethodSource("seeds")
    @FuzzTest
    void decodeWithValidLengthAndChecksum(byte[] body) {
        check(withLengthAndCrc(body));
    }

    static byte[] withLengthAndCrc(byte[] body) {
        if (body.length < 12 + ConnectionStateCodec.TRAILER_LEN) {
            return body;
        }
        byte[] r = body.clone();
        ByteBuffer.wrap(r, 8, 4).putInt(r.length);
        CRC32 crc = new CRC32();
        crc.update(r, 0, r.length - ConnectionStateCodec.TRAILER_LEN);
        ByteBuffer.wrap(r, r.length - ConnectionStateCodec.TRAILER_LEN, 4).putInt((int) crc.getValue());
        return r;
    }

    private static void check(byte[] record) {
        AllocationMeter.Outcome<ConnectionState> o = AllocationMeter.measure(() -> ConnectionStateCodec.decode(record))
                .assertOnlyThrows(InvalidStateException.class)
                .assertAllocationBounded(record.length, 2);
        if (o.value() != null) {
            byte[] again = ConnectionStateCodec.encode(o.value());
            assertArrayEquals(record, again, "re-encoding differs from the record that decoded");
            try {
                assertEquals(o.value(), ConnectionStateCodec.decode(again));
            } catch (InvalidStateException e) {
                throw new AssertionError("the re-encoded record is refused: " + e.getMessage(), e);
            }
        }
    }

    /** Seeds: valid IPv6 and IPv4 records with short queues (the fuzzer grows them). */
    static Stream<byte[]> seeds() throws Exception {
        return Stream.of(small("fd00:d5:1:5::1", "fd00:d5:1:2::101"), small("10.1.5.1", "10.1.2.101"));
    }

    private static byte[] small(String local, String remote) throws Exception {
        ConnectionState s = ConnectionStateCodecTest.sample(local, remote);
        return ConnectionStateCodec.encode(new ConnectionState(s.local(), s.remote(), s.options(), s.flags(),
                s.sndWscale(), s.rcvWscale(), s.mss(), s.sendSeq(), s.recvSeq(), s.timestamp(), s.window(), 2,
                s.sndbuf(), s.rcvbuf(), s.keepIdle(), s.keepIntvl(), s.keepCnt(), s.tos(), s.ttl(), s.congestion(),
                Arrays.copyOf(s.sendQueue(), 5), Arrays.copyOf(s.recvQueue(), 3)));
    }
}
