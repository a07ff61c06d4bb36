package eu.xtreemos.ds.dsco.membership;

import eu.xtreemos.ds.dsco.peer.ClusterKeys;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** The membership token during a key rotation: a node holding {new, old} admits either side, {new} and {old} do not meet. */
class ClusterKeyTokenTest {
    static final byte[] OLD = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final byte[] NEW = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

    /** The token as a joiner's message carries it: written, then read back as JGroups does. */
    static ClusterKeyToken onTheWire(ClusterKeys keys) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ClusterKeyToken sent = new ClusterKeyToken(keys);
        sent.writeTo(new DataOutputStream(b));
        assertEquals(sent.size(), b.size(), "size() is what writeTo writes");
        ClusterKeyToken received = new ClusterKeyToken();
        received.readFrom(new DataInputStream(new ByteArrayInputStream(b.toByteArray())));
        return received;
    }

    @Test
    void aNodeHoldingBothKeysAdmitsEitherSideAndIsAdmittedByEither() throws Exception {
        ClusterKeys both = ClusterKeys.of(NEW, OLD), oldOnly = ClusterKeys.of(OLD), newOnly = ClusterKeys.of(NEW);
        assertTrue(new ClusterKeyToken(both).authenticate(onTheWire(oldOnly), null));
        assertTrue(new ClusterKeyToken(both).authenticate(onTheWire(newOnly), null));
        assertTrue(new ClusterKeyToken(oldOnly).authenticate(onTheWire(both), null));
        assertTrue(new ClusterKeyToken(newOnly).authenticate(onTheWire(both), null));
        assertTrue(new ClusterKeyToken(oldOnly).authenticate(onTheWire(oldOnly), null));
    }

    @Test
    void nodesWithoutACommonKeyDoNotAdmitEachOther() throws Exception {
        assertFalse(new ClusterKeyToken(ClusterKeys.of(NEW)).authenticate(onTheWire(ClusterKeys.of(OLD)), null));
        assertFalse(new ClusterKeyToken(ClusterKeys.of(OLD)).authenticate(onTheWire(ClusterKeys.of(NEW)), null));
        assertFalse(new ClusterKeyToken(ClusterKeys.of(OLD)).authenticate(new ClusterKeyToken(), null), "an empty token");
    }

    @Test
    void aTokenWithMoreProofsThanKeysOrACutProofIsRefused() {
        for (int len : new int[] {3 * 32, 31}) {
            byte[] wire = new byte[2 + len];
            wire[0] = (byte) (len >> 8);
            wire[1] = (byte) len;
            IOException e = assertThrows(IOException.class,
                    () -> new ClusterKeyToken().readFrom(new DataInputStream(new ByteArrayInputStream(wire))));
            assertTrue(e.getMessage().contains(len + " bytes"), e.getMessage());
        }
    }
}
