package eu.xtreemos.ds.dsco.protect;

import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.ConnectionStateCodec;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The backup's store of checkpoints: newest wins, malformed or foreign states are refused, the bound holds. */
class BackupStoreTest {
    static final InetAddress CLIENT = addr("fd00:c::7"), OTHER = addr("fd00:c::8");

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] state(InetAddress client, int queued) {
        return ConnectionStateCodec.encode(new ConnectionState(new InetSocketAddress(addr("fd00:5::1"), 7000),
                new InetSocketAddress(client, 40000), 0, 0, 7, 7, 1440, 1000 + queued, 500, 0, new int[] {0, 65535, 65535, 65535, 0},
                0, 87380, 87380, 0, 0, 0, 0, 64, "cubic", new byte[queued], new byte[0]));
    }

    static BackupStore.Checkpoint checkpoint(InetAddress client, String node, long seq, int queued) {
        return new BackupStore.Checkpoint("demo", client, node, seq, List.of(state(client, queued)), new byte[10]);
    }

    @Test
    void theNewestCheckpointIsKeptAndARepeatOrAnOlderOneChangesNothing() {
        BackupStore b = new BackupStore(1 << 20);
        assertTrue(b.offer(checkpoint(CLIENT, "server1", 2, 100)).kept());
        BackupStore.Outcome older = b.offer(checkpoint(CLIENT, "server1", 1, 5));
        assertFalse(older.kept());
        assertTrue(older.acknowledged(), "acknowledged again: the serving node may release what it covers");
        assertEquals(2, b.newest("demo", CLIENT).orElseThrow().sequence());
        assertTrue(b.offer(checkpoint(CLIENT, "server1", 3, 50)).kept());
        assertEquals(3, b.newest("demo", CLIENT).orElseThrow().sequence());
    }

    @Test
    void aMalformedOrForeignStateIsRefusedNamingItAndTheHeldOneStays() {
        BackupStore b = new BackupStore(1 << 20);
        b.offer(checkpoint(CLIENT, "server1", 1, 10));
        BackupStore.Outcome bad = b.offer(new BackupStore.Checkpoint("demo", CLIENT, "server1", 2, List.of(new byte[] {1, 2, 3}),
                new byte[0]));
        assertFalse(bad.acknowledged());
        assertTrue(bad.reason().contains("connection 0"), bad.reason());
        BackupStore.Outcome foreign = b.offer(new BackupStore.Checkpoint("demo", CLIENT, "server1", 2, List.of(state(OTHER, 1)),
                new byte[0]));
        assertFalse(foreign.acknowledged());
        assertTrue(foreign.reason().contains("belongs to fd00:c:0:0:0:0:0:8"), foreign.reason());
        assertEquals(1, b.newest("demo", CLIENT).orElseThrow().sequence());
    }

    @Test
    void theBoundInBytesHoldsAndForgettingFreesIt() {
        BackupStore b = new BackupStore(2_000);
        assertTrue(b.offer(checkpoint(CLIENT, "server1", 1, 800)).kept());
        BackupStore.Outcome full = b.offer(checkpoint(OTHER, "server2", 1, 1_500));
        assertFalse(full.acknowledged());
        assertTrue(full.reason().contains("bound of 2000"), full.reason());
        assertTrue(b.offer(checkpoint(CLIENT, "server1", 2, 900)).kept(), "a newer checkpoint replaces the held one's bytes");
        b.forget("demo", CLIENT);
        assertEquals(0, b.bytes());
        assertTrue(b.offer(checkpoint(OTHER, "server2", 1, 1_500)).kept());
    }

    @Test
    void aTakeoverFindsTheClientsOfTheDeadNode() {
        BackupStore b = new BackupStore(1 << 20);
        b.offer(checkpoint(CLIENT, "server1", 1, 1));
        b.offer(checkpoint(OTHER, "server2", 1, 1));
        assertEquals(List.of(CLIENT), b.servedBy("server1").stream().map(BackupStore.Checkpoint::client).toList());
        assertEquals(List.of(), b.servedBy("contact"));
    }

    @Test
    void aClientThatMovedIsReplacedByItsNewNodesCheckpointAndTheOldNodeCannotForgetIt() {
        BackupStore b = new BackupStore(1 << 20);
        assertTrue(b.offer(checkpoint(CLIENT, "server1", 900, 5)).kept());
        assertTrue(b.offer(checkpoint(CLIENT, "server2", 3, 5)).kept(), "numbers are per serving node: the new node's 3 replaces 900");
        assertEquals("server2", b.newest("demo", CLIENT).orElseThrow().servingNode());
        b.forgetFrom("demo", CLIENT, "server1");
        assertTrue(b.newest("demo", CLIENT).isPresent(), "the node the client left cannot take its new checkpoint away");
        assertEquals(java.util.Set.of("server2"), b.servingNodes());
        b.forgetFrom("demo", CLIENT, "server2");
        assertTrue(b.newest("demo", CLIENT).isEmpty());
        assertEquals(0, b.bytes());
    }
}
