package eu.xtreemos.ds.dsco.peer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerMessageTest {
    private static final InetAddress CLIENT = address("fd00:d5:1:2::101");

    private static InetAddress address(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void routeOptimizationMessagesRoundTrip() throws IOException {
        for (PeerMessage m : List.of(
                new RouteOptimizationMessage.HomeTestRelay("web", CLIENT, 0x8000_0000_0000_0001L),
                new RouteOptimizationMessage.HomeTestRelayed(true, "", 65535, -2L, 0x0123_4567_89ab_cdefL, 65535),
                new RouteOptimizationMessage.HomeTestRelayed(false, "no Home Test from the client within 1s", 0, 0, 0, 0),
                new RouteOptimizationMessage.RouteOptimize("web", CLIENT),
                new SteeringMessage.ContactQuery("web"),
                new PeerMessage.Result(false, "why"))) {
            assertEquals(m, PeerMessage.decode(PeerMessage.encode(m)), m.toString());
        }
    }

    @Test
    void groupMessagesRoundTrip() throws IOException {
        for (PeerMessage m : List.of(
                new GroupMessage.NodeAdded("server3", address("fd00:d5:1:1::13")),
                new GroupMessage.NodeRemoved("server3"),
                new GroupMessage.SuccessorsSet(List.of("server2", "contact", "server1")),
                new GroupMessage.SuccessorsSet(List.of()),
                new SteeringMessage.NodeJoined("server3", address("fd00:d5:1:1::13")),
                new SteeringMessage.NodeLeft("server3"))) {
            assertEquals(m, PeerMessage.decode(PeerMessage.encode(m)), m.toString());
        }
        ProtectMessage.Checkpoint c = (ProtectMessage.Checkpoint) PeerMessage.decode(PeerMessage.encode(new ProtectMessage.Checkpoint(
                "echo", address("fd00:d5:1:1::13"), 1L << 40, List.of(new byte[] {3, 4, 5}, new byte[0]), new byte[] {1, 2})));
        assertEquals("echo", c.service());
        assertEquals(address("fd00:d5:1:1::13"), c.client());
        assertEquals(1L << 40, c.sequence());
        assertArrayEquals(new byte[] {3, 4, 5}, c.states().get(0));
        assertEquals(0, c.states().get(1).length);
        assertArrayEquals(new byte[] {1, 2}, c.appState());
        for (PeerMessage m : List.of(new ProtectMessage.CheckpointAck(7, false, "full"), new ProtectMessage.Forget("echo", address("fd00::1")))) {
            assertEquals(m, PeerMessage.decode(PeerMessage.encode(m)), m.toString());
        }
        // the type byte, then the fields: a name is a 16-bit length and UTF-8, an address its family and 16 bytes
        assertArrayEquals(new byte[] {19, 0, 2, 's', '3'}, PeerMessage.encode(new GroupMessage.NodeRemoved("s3")));
        assertArrayEquals(new byte[] {20, 0, 2, 0, 1, 'a', 0, 1, 'b'}, PeerMessage.encode(new GroupMessage.SuccessorsSet(List.of("a", "b"))));
        byte[] added = PeerMessage.encode(new GroupMessage.NodeAdded("s3", address("fd00::1")));
        assertEquals(1 + 2 + 2 + 1 + 16, added.length);
        assertEquals(18, added[0]);
        assertEquals(6, added[5]);
    }

    @Test
    void aSuccessorListLongerThanTheNodeLimitIsRefused() {
        byte[] tooMany = {20, (byte) 0x01, 0}; // 256 names announced (limit 255): refused before any is read
        IOException e = assertThrows(IOException.class, () -> PeerMessage.decode(tooMany));
        assertEquals("256 successors (limit 255)", e.getMessage());
    }

    @Test
    void cutOrPaddedMessagesAreRefusedNamingTheProblem() {
        byte[] whole = PeerMessage.encode(new RouteOptimizationMessage.HomeTestRelayed(true, "", 7, 1, 2, 3));
        IOException cut = assertThrows(IOException.class, () -> PeerMessage.decode(Arrays.copyOf(whole, whole.length - 1)));
        assertEquals("peer message cut short", cut.getMessage());
        IOException padded = assertThrows(IOException.class, () -> PeerMessage.decode(Arrays.copyOf(whole, whole.length + 2)));
        assertTrue(padded.getMessage().startsWith("2 stray bytes"), padded.getMessage());
        IOException unknown = assertThrows(IOException.class, () -> PeerMessage.decode(new byte[] {(byte) 200}));
        assertEquals("unknown peer message type 200", unknown.getMessage());
    }
}
