package eu.xtreemos.ds.dsco.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.xtreemos.ds.fuzz.AllocationMeter;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetAddress;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Coverage-guided fuzzing of the decoder of dsco's UNIX-socket protocol (docs/fuzzing.md): any datagram
 * either decodes or is refused with {@link MalformedMessageException}; decoding allocates in proportion
 * to the datagram; a message that decodes re-encodes to the very same bytes (the format has one
 * encoding per message).
 */
class ApiMessageFuzzTest {

    @MethodSource("seeds")
    @FuzzTest
    void decodeArbitraryDatagram(byte[] datagram) {
        ApiMessage m = AllocationMeter.measure(() -> ApiMessage.decode(datagram, datagram.length))
                .assertOnlyThrows(MalformedMessageException.class)
                .assertAllocationBounded(datagram.length, 32).value();
        if (m != null) {
            byte[] again;
            try {
                again = m.encode();
            } catch (RuntimeException e) {
                throw new AssertionError("a decoded " + m + " cannot be encoded: " + e.getMessage(), e);
            }
            assertArrayEquals(datagram, again, "re-encoding of " + m + " differs");
        }
    }

    /** Seeds: a few real requests and replies (shapes from docs/dsco-protocol.md). */
    static Stream<byte[]> seeds() throws Exception {
        ApiMessage donate = ApiMessage.request(Op.DONATE, 7).add(Attr.SERVICE, "echo")
                .add(Attr.ADDRESS, InetAddress.getByName("fd00:d5:80::2")).add(Attr.NODE, "server1")
                .add(Attr.BLOB, new byte[] {1, 2, 3});
        return Stream.of(donate.encode(),
                ApiMessage.error(donate, Status.FAILED, "no such service").encode(),
                ApiMessage.event(Op.RECEIVED).add(Attr.CONNECTIONS, 3).encode(),
                ApiMessage.reply(donate, Status.OK).add(Attr.SEQNO, 42).encode());
    }
}
