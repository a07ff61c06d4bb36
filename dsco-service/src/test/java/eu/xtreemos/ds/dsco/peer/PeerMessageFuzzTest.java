package eu.xtreemos.ds.dsco.peer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.xtreemos.ds.fuzz.AllocationMeter;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing of the node-to-node message decoder (docs/fuzzing.md): any frame content
 * either decodes or is refused with an {@link IOException} naming what is wrong; decoding allocates in
 * proportion to the frame (the announced lengths and counts cannot make it allocate more); a message that
 * decodes re-encodes to bytes that decode to an equal message.
 */
class PeerMessageFuzzTest {

    @MethodSource("seeds")
    @FuzzTest
    void decodeArbitraryFrame(byte[] frame) {
        PeerMessage m = AllocationMeter.measure(() -> PeerMessage.decode(frame))
                .assertOnlyThrows(IOException.class)
                .assertAllocationBounded(frame.length, 32).value();
        if (m != null) {
            PeerMessage back;
            try {
                back = PeerMessage.decode(PeerMessage.encode(m));
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("the re-encoded " + m.getClass().getSimpleName() + " is refused: " + e, e);
            }
            if (!Arrays.deepEquals(comparable((Record) m), comparable((Record) back))) {
                throw new AssertionError("re-encoded message decodes differently:\n  " + Arrays.deepToString(comparable((Record) m))
                        + "\n  " + Arrays.deepToString(comparable((Record) back)));
            }
        }
    }

    /** A record as nested arrays, so that byte[] fields and lists of them compare by content. */
    static Object[] comparable(Record r) {
        return Arrays.stream(r.getClass().getRecordComponents()).map(c -> {
            try {
                return comparableValue(c.getAccessor().invoke(r));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }).toArray();
    }

    private static Object comparableValue(Object v) {
        return v instanceof List<?> l ? l.stream().map(PeerMessageFuzzTest::comparableValue).toArray() : v;
    }

    /** Seeds: one message of every type. */
    static Stream<byte[]> seeds() throws Exception {
        InetAddress v6 = InetAddress.getByName("fd00:d5:80::2"), v4 = InetAddress.getByName("10.80.0.2");
        List<PeerMessage> all = List.of(
                new HandoffMessage.Prepare(1, "echo", v6, "contact", new byte[] {1, 2}, List.of(new byte[] {3, 4, 5})),
                new HandoffMessage.Prepared(1, true, "", 1234),
                new HandoffMessage.Commit(1, List.of(new byte[] {0x60, 0, 0, 0}, new byte[0])),
                new HandoffMessage.Committed(1, false, "restore failed: é", 5),
                new HandoffMessage.Abort(2), new HandoffMessage.StatusQuery(3), new HandoffMessage.StatusReply(3, "COMMITTED"),
                new SteeringMessage.Steer("echo", v4, "server1"),
                new SteeringMessage.SetContact("echo", "server2", List.of(v6, v4)),
                new SteeringMessage.ClientsQuery("echo"), new SteeringMessage.ClientsReply(List.of(v6)),
                new SteeringMessage.ContactQuery("echo"), new SteeringMessage.ContactChanged("server1"),
                new SteeringMessage.NodeJoined("server3", v6), new SteeringMessage.NodeLeft("server3"),
                new GroupMessage.NodeAdded("server3", v6), new GroupMessage.NodeRemoved("server3"),
                new GroupMessage.SuccessorsSet(List.of("server2", "server1")),
                new ProtectMessage.Checkpoint("echo", v6, 1L << 40, List.of(new byte[] {3, 4, 5}), new byte[] {1, 2}),
                new ProtectMessage.CheckpointAck(1L << 40, false, "the backup is full"), new ProtectMessage.Forget("echo", v6),
                new PeerMessage.Result(false, "no"));
        return all.stream().map(PeerMessage::encode);
    }
}
