package eu.xtreemos.ds.dsco.protect;

import eu.xtreemos.ds.dsco.config.ConfigLoader;
import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.handoff.Cluster;
import eu.xtreemos.ds.dsco.handoff.ConnectionEngine;
import eu.xtreemos.ds.dsco.handoff.PacketFilter;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import eu.xtreemos.ds.dsco.peer.ProtectMessage;
import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.RestoredConnection;
import eu.xtreemos.ds.tcp.SocketEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The serving node's side of a protected service with the kernel and the cluster replaced (the real socket dump is
 * LiveCheckpointTest's subject, the real hold DeferredVerdictTest's, the whole ProtectedCrashTest's): what a checkpoint
 * does in which order, where it goes, and what its acknowledgement releases.
 */
class CheckpointerTest {
    static final InetAddress SERVICE = ip("fd00:d5:1:5::1"), CLIENT = ip("fd00:d5:1:2::101");

    @TempDir
    Path dir;
    DscoConfig config;
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<PeerMessage> sent = new CopyOnWriteArrayList<>();
    final List<String> released = new CopyOnWriteArrayList<>();
    volatile List<String> live = List.of("contact", "server1", "server2");
    volatile boolean refuse;

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void config() throws Exception {
        Path key = dir.resolve("cluster.key");
        Files.write(key, new byte[32]);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path file = dir.resolve("dsco.properties");
        Files.writeString(file, String.join("\n",
                "node.name = server1", "node.address = fd00:d5:1:1::11", "node.role = server", "contact = contact",
                "nodes = contact=fd00:d5:1:1::10, server1=fd00:d5:1:1::11, server2=fd00:d5:1:1::12",
                "service.web.address = fd00:d5:1:5::1", "service.web.ports = 7000", "service.web.protected = true",
                "service.plain.address = fd00:d5:1:6::1", "service.plain.ports = 7001",
                "ha.address = fd00:d5:1:1::1", "cluster.key.file = " + key, "api.socket = " + dir.resolve("dsco.sock")));
        config = ConfigLoader.load(file);
    }

    Checkpointer checkpointer() {
        PacketFilter filter = new PacketFilter() {
            @Override
            public void hold(String service, InetAddress client) {
                calls.add("hold");
            }

            @Override
            public List<byte[]> take(String service, InetAddress client) {
                return List.of();
            }

            @Override
            public void release(String service, InetAddress client) {
                calls.add("release");
            }

            @Override
            public void inject(List<byte[]> packets) {
            }

            @Override
            public void mute(int fd) {
            }

            @Override
            public void unmute(int fd) {
            }

            @Override
            public void close() {
            }
        };
        ConnectionEngine engine = new ConnectionEngine() {
            @Override
            public boolean flush(int fd, Duration timeout) {
                return true;
            }

            @Override
            public long queuedBytes(int fd) {
                return 0;
            }

            @Override
            public InetSocketAddress[] endpoints(int fd) {
                return new InetSocketAddress[] {new InetSocketAddress(fd == 99 ? ip("fd00:d5:1:6::1") : SERVICE, 7000),
                        new InetSocketAddress(CLIENT, 40000 + fd)};
            }

            @Override
            public SocketEngine.PeerProgress peerProgress(int fd) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void freeze(int fd) {
                calls.add("freeze " + fd);
            }

            @Override
            public boolean frozen(int fd) {
                return false;
            }

            @Override
            public void unfreeze(int fd) {
                calls.add("unfreeze " + fd);
            }

            @Override
            public ConnectionState dump(int fd) {
                calls.add("dump " + fd);
                return new ConnectionState(new InetSocketAddress(SERVICE, 7000), new InetSocketAddress(CLIENT, 40000 + fd), 0, 0, 0, 0,
                        1428, 1000 * fd, 500 * fd, 0, new int[] {0, 0, 0, 0, 0}, 0, 0, 0, 0, 0, 0, 0, 64, "cubic", new byte[0],
                        new byte[0]);
            }

            @Override
            public RestoredConnection restore(ConnectionState state) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void protect(int fd, int bytes, String congestion) {
                calls.add("protect " + fd + " " + bytes + " " + congestion);
            }

            @Override
            public void close(int fd) {
            }
        };
        Cluster cluster = new Cluster() {
            @Override
            public PeerMessage call(String node, PeerMessage m, Duration timeout) {
                sent.add(m);
                calls.add("to " + node);
                if (m instanceof ProtectMessage.Checkpoint c) {
                    return new ProtectMessage.CheckpointAck(c.sequence(), !refuse, refuse ? "not the backup" : "");
                }
                return new PeerMessage.Result(true, "");
            }

            @Override
            public void steer(String service, InetAddress client, String node) {
            }
        };
        OutputHold hold = new OutputHold() {
            @Override
            public void covered(OutputCommit.Conn c, int sendSeq, int recvSeq) {
                released.add("covered " + c.remotePort() + " " + sendSeq + " " + recvSeq);
            }

            @Override
            public void unprotect(OutputCommit.Conn c) {
                released.add("unprotect " + c.remotePort());
            }

            @Override
            public int heldNow() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
        return new Checkpointer(() -> config, filter, engine, c -> this, cluster, hold, () -> live);
    }

    /** What was called so far, copied under the list's lock: the ship thread adds to it meanwhile. */
    List<String> callsNow() {
        synchronized (calls) {
            return new ArrayList<>(calls);
        }
    }

    static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        for (int i = 0; i < 200 && !done.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(done.getAsBoolean(), "not within 2 s");
    }

    @Test
    void theDumpHappensWithTheClientsPacketsHeldAndItsAcknowledgementReleasesWhatItCovers() throws Exception {
        try (Checkpointer cp = checkpointer()) {
            long seq = cp.checkpoint("web", CLIENT, new int[] {3, 4}, new byte[] {9});
            assertEquals(List.of("protect 3 32768 cubic", "protect 4 32768 cubic", "hold", "freeze 3", "dump 3", "unfreeze 3",
                    "freeze 4", "dump 4", "unfreeze 4", "release"), callsNow().subList(0, 10), "the order of the dump");
            await(() -> released.size() == 2);
            assertEquals(List.of("covered 40003 3000 1500", "covered 40004 4000 2000"), released);
            ProtectMessage.Checkpoint c = (ProtectMessage.Checkpoint) sent.get(0);
            assertEquals(seq, c.sequence());
            assertEquals(2, c.states().size());
            assertArrayEquals(new byte[] {9}, c.appState());
            assertTrue(calls.contains("to server2"), "server1's backup is server2 (the contact node is not in the ring): " + calls);
        }
    }

    @Test
    void aRefusedCheckpointReleasesNothingAndIsSentAgainAndSequencesGrow() throws Exception {
        refuse = true;
        try (Checkpointer cp = checkpointer()) {
            long first = cp.checkpoint("web", CLIENT, new int[] {3}, new byte[0]);
            await(() -> sent.size() >= 3);
            assertEquals(List.of(), released, "nothing leaves before the backup holds a checkpoint");
            refuse = false;
            await(() -> released.size() == 1);
            long second = cp.checkpoint("web", CLIENT, new int[] {3}, new byte[0]);
            assertTrue(second > first);
            await(() -> released.size() == 2);
        }
    }

    @Test
    void aConnectionLeftOutIsUnprotectedAndAnEndedClientIsForgottenAtItsBackup() throws Exception {
        try (Checkpointer cp = checkpointer()) {
            cp.checkpoint("web", CLIENT, new int[] {3, 4}, new byte[0]);
            await(() -> released.size() == 2);
            cp.checkpoint("web", CLIENT, new int[] {4}, new byte[0]);
            await(() -> released.size() == 4);
            assertTrue(released.contains("unprotect 40003"), released.toString());
            assertEquals(1, callsNow().stream().filter(c -> c.equals("protect 4 32768 cubic")).count(), "a connection is set up once");
            cp.checkpoint("web", CLIENT, new int[0], new byte[0]);
            await(() -> sent.stream().anyMatch(m -> m instanceof ProtectMessage.Forget));
            assertTrue(released.contains("unprotect 40004"), released.toString());
        }
    }

    @Test
    void withNoOtherLiveNodeTheOutputLeavesUnprotected() throws Exception {
        live = List.of("server1");
        try (Checkpointer cp = checkpointer()) {
            cp.checkpoint("web", CLIENT, new int[] {3}, new byte[0]);
            await(() -> released.size() == 1);
            assertEquals(List.of(), sent, "nothing to send it to");
        }
    }

    @Test
    void badInputIsRefusedNamingWhatWasWrong() {
        Checkpointer cp = checkpointer();
        assertTrue(assertThrows(Checkpointer.Refused.class, () -> cp.checkpoint("nope", CLIENT, new int[] {3}, new byte[0]))
                .getMessage().contains("unknown service 'nope'"));
        assertTrue(assertThrows(Checkpointer.Refused.class, () -> cp.checkpoint("plain", CLIENT, new int[] {3}, new byte[0]))
                .getMessage().contains("is not protected"));
        assertTrue(assertThrows(Checkpointer.Refused.class, () -> cp.checkpoint("web", CLIENT, new int[] {99}, new byte[0]))
                .getMessage().contains("not to protected service web"));
        assertTrue(assertThrows(Checkpointer.Refused.class, () -> cp.checkpoint("web", SERVICE, new int[] {3}, new byte[0]))
                .getMessage().contains("not to client"));
        assertEquals(List.of(), callsNow().stream().filter(c -> c.startsWith("freeze")).toList(), "nothing was frozen");
        cp.close();
    }
}
