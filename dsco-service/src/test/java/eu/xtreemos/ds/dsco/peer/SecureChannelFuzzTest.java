package eu.xtreemos.ds.dsco.peer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.xtreemos.ds.fuzz.AllocationMeter;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Coverage-guided fuzzing of the cluster link's record layer (docs/fuzzing.md): what an unauthenticated
 * peer sends during the handshake, and frames altered on the wire after it. Contract: bad input ends in
 * {@link PeerAuthException} or an {@link IOException} for a stream cut short, never another exception,
 * never an authenticated channel or an accepted frame that the key holder did not send in that order;
 * memory grows with the bytes received, not with the lengths announced.
 */
class SecureChannelFuzzTest {
    private static final byte[] CLUSTER_KEY = "0123456789abcdef0123456789abcdef".getBytes();
    private static final byte[] KEY_A = Arrays.copyOf("direction a->b".getBytes(), 32);
    private static final byte[] KEY_B = Arrays.copyOf("direction b->a".getBytes(), 32);

    /** The peer's side of the handshake is arbitrary bytes: it never holds the key, so it must be refused. */
    @MethodSource("hellos")
    @FuzzTest
    void handshakeWithArbitraryPeer(byte[] fromPeer) {
        AllocationMeter.Outcome<SecureChannel> o = AllocationMeter.measure(() -> SecureChannel.open(
                        new ByteArrayInputStream(fromPeer), OutputStream.nullOutputStream(), CLUSTER_KEY, "server1",
                        false, PeerConnection.MAX_FRAME))
                .assertOnlyThrows(IOException.class)
                .assertAllocationBounded(fromPeer.length, 8);
        if (o.value() != null) {
            throw new AssertionError("a peer without the cluster key was authenticated");
        }
    }

    /**
     * Frames sealed by the key holder, then altered on the wire as the fuzzer chooses (bytes changed,
     * cut, repeated, moved): the receiver returns a prefix of the messages sent, in order, and refuses
     * the rest.
     */
    @FuzzTest
    void framesAlteredOnTheWire(FuzzedDataProvider data) throws IOException {
        List<byte[]> sent = new ArrayList<>();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        SecureChannel sender = SecureChannel.withKeys(InputStream.nullInputStream(), wire, "a", KEY_A, KEY_B, 1 << 16);
        for (int n = data.consumeInt(0, 6); n > 0; n--) {
            byte[] m = data.consumeBytes(data.consumeInt(0, 300));
            sent.add(m);
            sender.send(m);
        }
        byte[] original = wire.toByteArray();
        byte[] altered = alter(original, data);
        SecureChannel receiver = SecureChannel.withKeys(new ByteArrayInputStream(altered),
                OutputStream.nullOutputStream(), "b", KEY_B, KEY_A, 1 << 16);
        int got = 0;
        while (true) {
            AllocationMeter.Outcome<byte[]> o = AllocationMeter.measure(receiver::receive)
                    .assertOnlyThrows(IOException.class)
                    .assertAllocationBounded(altered.length, 8);
            if (o.value() == null) {
                break;
            }
            if (got >= sent.size()) {
                throw new AssertionError("frame " + got + " accepted, only " + sent.size() + " were sent");
            }
            assertArrayEquals(sent.get(got), o.value(), "frame " + got + " is not the message sent");
            got++;
        }
        if (Arrays.equals(original, altered)) {
            assertEquals(sent.size(), got, "unaltered frames were refused");
        }
    }

    private static byte[] alter(byte[] wire, FuzzedDataProvider data) {
        byte[] w = wire.clone(); // the original stays as sent, to compare
        for (int edits = data.consumeInt(0, 4); edits > 0 && w.length > 0; edits--) {
            int at = data.consumeInt(0, w.length - 1);
            switch (data.consumeInt(0, 4)) {
                case 0 -> w[at] ^= data.consumeByte();
                case 1 -> w = Arrays.copyOf(w, at); // cut
                case 2 -> { // repeat a stretch (a replayed frame, when the fuzzer aligns it)
                    int len = data.consumeInt(0, w.length - at);
                    byte[] out = Arrays.copyOf(w, w.length + len);
                    System.arraycopy(w, at, out, w.length, len);
                    w = out;
                }
                case 3 -> { // remove a stretch (a dropped frame)
                    int len = data.consumeInt(0, w.length - at);
                    byte[] out = new byte[w.length - len];
                    System.arraycopy(w, 0, out, 0, at);
                    System.arraycopy(w, at + len, out, at, w.length - at - len);
                    w = out;
                }
                default -> { // announce another length
                    if (at + 4 <= w.length) {
                        ByteBuffer.wrap(w, at, 4).putInt(data.consumeInt());
                    }
                }
            }
        }
        return w;
    }

    /**
     * Seeds: a well-formed hello offering the cluster key's id (then nothing), the same with a finished frame
     * the peer could not have sealed, and one announcing the largest frame.
     */
    static Stream<byte[]> hellos() {
        byte[] id = ClusterKeys.of(CLUSTER_KEY).ids().get(0);
        int helloLen = 4 + 2 + 1 + 7 + 32 + 32 + 1 + id.length;
        ByteBuffer hello = ByteBuffer.allocate(helloLen + 4 + 48);
        hello.putInt(0x44535043).putShort((short) 2).put((byte) 7).put("contact".getBytes()).put(new byte[32])
                .put(X25519Exchange.generate().publicKey()).put((byte) 1).put(id);
        byte[] complete = hello.putInt(48).array();
        byte[] big = complete.clone();
        ByteBuffer.wrap(big, helloLen, 4).putInt(PeerConnection.MAX_FRAME);
        return Stream.of(Arrays.copyOf(complete, helloLen), complete, big);
    }
}
