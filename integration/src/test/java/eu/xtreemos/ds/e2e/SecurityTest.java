package eu.xtreemos.ds.e2e;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.demo.StreamCheck;
import eu.xtreemos.ds.demo.StreamClient;
import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.Op;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.ds.dsco.client.DscoException;
import eu.xtreemos.ds.dsco.peer.PeerAuthException;
import eu.xtreemos.ds.dsco.peer.PeerConnection;
import eu.xtreemos.ds.dsco.peer.HandoffMessage;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import eu.xtreemos.ds.dsco.peer.PeerServer;
import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.ConnectionStateCodec;
import eu.xtreemos.ds.unix.UnixMessage;
import eu.xtreemos.ds.unix.UnixSeqpacketSocket;
import eu.xtreemos.ds.unix.UnixSocketLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Who may do what: local users the configuration does not allow are refused (and logged); an allowed
 * but unprivileged user cannot do privileged things; a machine without the cluster key can neither send
 * nor receive a handoff; malformed and oversized API requests get an error and dsco goes on serving.
 */
class SecurityTest {
    static ClusterFixture f;
    static StreamClient client;
    static DscoCluster.Service demo;

    @BeforeAll
    static void start() throws Exception {
        f = new ClusterFixture("esec", 15, 2, 1, new DscoCluster.Options("hold", 500_000, Map.of()));
        demo = f.cluster.services().get(0);
        client = f.stream(1, demo);
    }

    @AfterAll
    static void stop() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    /** Runs dsctl as another user (uid, gid), returns exit code and output. */
    static String[] dsctlAs(int uid, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                ProcessHandle.current().info().command().orElse("java"),
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp", f.cluster.directory().resolve("cp") + "/*:" + f.cluster.directory().resolve("cp/classes"),
                "eu.xtreemos.ds.dsco.cli.Dsctl", "--socket", f.cluster.socket("contact").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new String[] {String.valueOf(p.exitValue()), out};
    }

    @Test
    void aUserTheConfigurationDoesNotAllowIsRefusedAndLogged() throws Exception {
        String[] r = dsctlAs(4242, "status");
        assertEquals("4", r[0], r[1]);
        assertTrue(r[1].contains("not allowed"), r[1]);
        assertTrue(Files.readString(f.cluster.dsco("contact").log()).contains("refused API connection from uid 4242"),
                "dsco should log the refusal");
    }

    @Test
    void anAllowedUserMayQueryButNotDoPrivilegedThings() throws Exception {
        String[] ok = dsctlAs(DscoCluster.NOBODY, "nodes");
        assertEquals("0", ok[0], ok[1]);
        assertTrue(ok[1].contains("server2"), ok[1]);
        String[] denied = dsctlAs(DscoCluster.NOBODY, "contact", "--to", "server1");
        assertEquals("4", denied[0], denied[1]);
        assertTrue(denied[1].contains("root or the admin group"), denied[1]);
        String[] priv = dsctlAs(DscoCluster.NOBODY, "config", "api.users", "4242");
        assertEquals("4", priv[0], priv[1]);
        String[] plain = dsctlAs(DscoCluster.NOBODY, "config", "timeouts.flush", "150ms");
        assertEquals("0", plain[0], plain[1]);
        assertTrue(Files.readString(f.cluster.dsco("contact").log()).contains("needs root or the admin group"));
    }

    @Test
    void aMachineWithoutTheClusterKeyCannotSendAHandoff() throws Exception {
        byte[] wrongKey = new byte[32];
        try (NetNamespace ns = NetNamespace.open(f.tb.ns("server2"))) {
            PeerAuthException e = assertThrows(PeerAuthException.class, () -> ns.call(() -> PeerConnection.open(
                    new InetSocketAddress(f.cluster.nodeAddress("contact"), DscoCluster.CLUSTER_PORT), wrongKey, "server2",
                    Duration.ofSeconds(2))));
            assertTrue(e.getMessage().contains("cluster key"), e.getMessage());
        }
        Thread.sleep(200);
        assertTrue(Files.readString(f.cluster.dsco("contact").log()).contains("refused cluster link"));
        ClusterFixture.assertHealthy(client);
    }

    @Test
    void aMachineWithoutTheClusterKeyCannotReceiveAHandoff() throws Exception {
        // server2's dsco is replaced by an impostor that does not hold the key.
        f.cluster.killDsco("server2");
        try (NetNamespace ns = NetNamespace.open(f.tb.ns("server2"));
             PeerServer impostor = ns.call(() -> new PeerServer(new InetSocketAddress(f.cluster.nodeAddress("server2"),
                     DscoCluster.CLUSTER_PORT), new byte[32], "server2", Set.of("contact"),
                     (peer, m) -> new HandoffMessage.Prepared(0, true, "", 0)))) {
            ns.start("impostor", impostor::run);
            DscoException e = assertThrows(DscoException.class, () -> f.handoff("contact", demo.id(), 1, "server2"));
            assertTrue(e.getMessage().contains("cluster key"), e.getMessage());
            assertTrue(StreamCheck.awaitServes(f.cluster.app("contact"), client), "the client stays on contact");
            ClusterFixture.assertHealthy(client);
        } finally {
            f.cluster.startDsco("server2");
        }
    }

    @Test
    void aDamagedStateRecordIsRefusedNamingTheProblem() throws Exception {
        byte[] key = Files.readAllBytes(f.cluster.directory().resolve("cluster.key"));
        ConnectionState st = new ConnectionState(new InetSocketAddress(demo.address(), demo.port()),
                new InetSocketAddress(f.clientAddress(1), 40000), 7, 0, 7, 7, 1400, 1000, 2000, 5,
                new int[] {2000, 65535, 65535, 65535, 2000}, 0, 87040, 131072, 7200, 75, 9, 0, 64, "cubic", new byte[10], new byte[0]);
        byte[] good = ConnectionStateCodec.encode(st);
        byte[] damaged = good.clone();
        damaged[60] ^= 1;
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 7);
        try (NetNamespace ns = NetNamespace.open(f.tb.ns("server1"))) {
            for (byte[] record : new byte[][] {damaged, cut}) {
                PeerMessage answer = ns.call(() -> {
                    try (PeerConnection c = PeerConnection.open(new InetSocketAddress(f.cluster.nodeAddress("server2"),
                            DscoCluster.CLUSTER_PORT), key, "server1", Duration.ofSeconds(2))) {
                        return c.call(new HandoffMessage.Prepare(42, demo.id(), f.clientAddress(1), "server1", new byte[0], List.of(record)),
                                Duration.ofSeconds(2));
                    }
                });
                HandoffMessage.Prepared p = assertInstanceOf(HandoffMessage.Prepared.class, answer);
                assertFalse(p.ok());
                assertTrue(p.reason().contains("CRC-32") || p.reason().contains("total_len"), p.reason());
            }
        }
        ClusterFixture.assertHealthy(client);
    }

    @Test
    void malformedAndOversizedRequestsGetAnErrorAndDscoGoesOn() throws Exception {
        UnixSocketLimits big = new UnixSocketLimits(1 << 20, 8);
        try (UnixSeqpacketSocket s = UnixSeqpacketSocket.connect(f.cluster.socket("contact"), big)) {
            assertStatus(s, "garbage that is not a message".getBytes(), Status.BAD_REQUEST);
            byte[] cut = ApiMessage.request(Op.HELLO, 7).add(3, "demo").encode();
            assertStatus(s, java.util.Arrays.copyOf(cut, cut.length - 2), Status.BAD_REQUEST);
            byte[] badVersion = ApiMessage.request(Op.HELLO, 8).encode();
            badVersion[2] = 9;
            assertStatus(s, badVersion, Status.UNSUPPORTED_VERSION);
            assertStatus(s, ApiMessage.request(Op.DONATE, 9).encode(), Status.BAD_REQUEST); // attributes missing
            byte[] unknown = ApiMessage.request(Op.HELLO, 10).encode();
            unknown[5] = 77;
            assertStatus(s, unknown, Status.UNKNOWN_OP);
            assertStatus(s, new byte[200_000], Status.BAD_REQUEST); // over the 128 KiB limit
            assertStatus(s, ApiMessage.request(Op.HELLO, 11).encode(), Status.OK); // the same connection still works
        }
        try (DscoClient other = DscoClient.connect(f.cluster.socket("contact"))) {
            assertEquals("contact", other.hello().get("node"));
        }
        ClusterFixture.assertHealthy(client);
    }

    @Test
    void aFloodOfConnectionsIsBoundedAndDscoRecovers() throws Exception {
        List<UnixSeqpacketSocket> flood = new ArrayList<>();
        try {
            for (int i = 0; i < eu.xtreemos.ds.dsco.daemon.ApiServer.MAX_CONNECTIONS + 20; i++) {
                flood.add(UnixSeqpacketSocket.connect(f.cluster.socket("contact")));
            }
            // Past the bound, a connection is answered with a reason and closed, not given a thread.
            UnixSeqpacketSocket extra = flood.get(flood.size() - 1);
            try (UnixMessage m = extra.receive()) {
                assertNotNull(m);
                ApiMessage reply = ApiMessage.decode(m.data(), m.data().length);
                assertEquals(Status.FAILED, reply.status());
                assertTrue(reply.textOr(2, "").contains("connections already"), reply.textOr(2, ""));
            }
        } finally {
            flood.forEach(UnixSeqpacketSocket::close);
        }
        Thread.sleep(300);
        try (DscoClient c = DscoClient.connect(f.cluster.socket("contact"))) {
            assertEquals("contact", c.hello().get("node"));
        }
        ClusterFixture.assertHealthy(client);
    }

    private static void assertStatus(UnixSeqpacketSocket s, byte[] request, Status expected) throws Exception {
        s.send(request);
        try (UnixMessage m = s.receive()) {
            assertNotNull(m, "dsco closed the connection");
            ApiMessage reply = ApiMessage.decode(m.data(), m.data().length);
            assertEquals(expected, reply.status(), reply.textOr(2, ""));
        }
    }
}
