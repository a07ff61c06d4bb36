package eu.xtreemos.ds.e2e;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.demo.StreamClient;
import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.mobility.AlternateCareOfAddress;
import eu.xtreemos.ds.mobility.BindingAuthenticator;
import eu.xtreemos.ds.mobility.BindingManagementKey;
import eu.xtreemos.ds.mobility.BindingUpdate;
import eu.xtreemos.ds.mobility.CareOfTest;
import eu.xtreemos.ds.mobility.CareOfTestInit;
import eu.xtreemos.ds.mobility.DecodeResult;
import eu.xtreemos.ds.mobility.MhSocket;
import eu.xtreemos.ds.mobility.MobilityHeaderDecoder;
import eu.xtreemos.ds.mobility.NonceIndices;
import eu.xtreemos.ds.mobility.ReceivedHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.Inet6Address;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Mobile IPv6 route optimization through dsco, with the data plane this kernel has (ro.backend=auto: the kernel's
 * Mobile IPv6, else SRv6, else nftables rewriting; dsco, the correspondent agent and this test pick the same) and
 * the correspondent agent on the client: the client is handed round contact -> server1 -> server2 -> contact, and
 * after each handoff its packets for the service address go straight to the serving node — counted where they
 * arrive: along the binding at a server node (with a segment routing header, a type 2 routing header, or rewritten
 * from the node's own address), or the home way through the HA to the contact node. Then forged and replayed
 * Binding Updates are refused, counted and logged, and change no binding.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouteOptimizationTest {
    private ClusterFixture f;
    private DscoCluster.Service demo;
    private Inet6Address client;
    private Inet6Address service;
    /** A copy of the first genuine Binding Update the client received (a raw socket sees every one). */
    private byte[] capturedUpdate;

    /** The data plane dsco and the correspondent agent pick on this kernel. */
    private final eu.xtreemos.ds.dsco.config.DscoConfig.RouteOptimization.Backend plane = eu.xtreemos.ds.dsco.ro.DataPlaneChoice.auto();

    RouteOptimizationTest() throws java.io.IOException {
        System.out.println("route optimization data plane: " + plane);
    }

    @BeforeAll
    void start() throws Exception {
        f = new ClusterFixture("ero", 60, 2, 1, new DscoCluster.Options("hold", 500_000, Map.of("redirect.mode", "route-optimization")));
        demo = f.cluster.services().get(0);
        client = (Inet6Address) f.clientAddress(1);
        service = (Inet6Address) demo.address();
        f.cluster.startCorrespondent("client1");
        if (dumpcapInstalled()) { // the Mobility Header on the client's link, plain or behind an SRv6 header
            signalling = new ProcessBuilder("ip", "netns", "exec", f.tb.ns("client1"), "dumpcap", "-q", "-i", "eth0",
                    "-f", "ip6[6] == 135 or (ip6[6] == 43 and ip6[40] == 135)", "-w", SIGNALLING.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (!Files.exists(SIGNALLING) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(300);
        }
        if (Boolean.getBoolean("ds.capture")) { // debugging aid: a capture of the client's link
            capture = new ProcessBuilder("ip", "netns", "exec", f.tb.ns("client1"), "dumpcap", "-q", "-i", "eth0", "-w", "/tmp/ro-client.pcapng")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(1000);
        }
        String c = client.getHostAddress(), s = service.getHostAddress();
        // where the client's TCP packets arrive: the home way (HA forwards to the service address) ...
        rule("ha", "FORWARD", "-s", c, "-d", s, "-p", "tcp");
        rule("contact", "INPUT", "-s", c, "-d", s, "-p", "tcp");
        // ... or along a binding, to a server's own address: with a segment routing header (type 4), a type 2 routing
        // header, or rewritten to the service address before it reaches INPUT (nft)
        for (String n : List.of("server1", "server2")) {
            String own = f.tb.nodeAddress(n).getHostAddress();
            switch (plane) {
                case SRV6 -> rule(n, "INPUT", "-s", c, "-d", own, "-p", "tcp", "-m", "rt", "--rt-type", "4");
                case XFRM -> rule(n, "INPUT", "-s", c, "-p", "tcp", "-m", "rt", "--rt-type", "2");
                default -> rule(n, "INPUT", "-s", c, "-d", s, "-p", "tcp");
            }
        }
    }

    private Process capture;
    private Process signalling;
    private static final java.nio.file.Path SIGNALLING = java.nio.file.Path.of("target", "ro-signalling.pcapng").toAbsolutePath();

    @AfterAll
    void stop() throws Exception {
        if (capture != null) {
            capture.destroy();
        }
        if (signalling != null) {
            signalling.destroy();
        }
        if (f != null) {
            f.close();
        }
    }

    @Test
    @Order(1)
    void handedRoundByRouteOptimizationEveryByteArrivesAndPacketsGoStraightToTheServingNode() throws Exception {
        StreamClient stream = f.stream(1, demo);
        try (NetNamespace clientNs = NetNamespace.open(f.tb.ns("client1"));
             MhSocket tap = MhSocket.open(clientNs, client)) {
            Thread.sleep(300);
            assertArrivesAt("contact");
            List<String> route = List.of("server1", "server2", "contact", "server2", "server1", "contact");
            String at = "contact";
            for (String to : route) {
                f.handoff(at, demo.id(), client, to);
                at = to;
                assertArrivesAt(at);
                ClusterFixture.assertHealthy(stream);
                if (capturedUpdate == null) {
                    capturedUpdate = firstBindingUpdate(tap);
                }
            }
            List<String> errors = eu.xtreemos.ds.demo.StreamCheck.finish(stream, f.cluster.app(at),
                    List.of(f.cluster.app("contact"), f.cluster.app("server1"), f.cluster.app("server2")));
            assertTrue(errors.isEmpty(), "errors: " + errors);
            Properties st = status();
            // an update whose acknowledgement is late is sent again, and accepted again as the same binding
            assertTrue(Long.parseLong(st.getProperty("updates-accepted", "0")) >= 6, "4 bindings and 2 deregistrations: " + st);
            assertNull(st.getProperty("updates-refused"), st.toString());
            assertEquals(List.of("server1", "server2", "home", "server2", "server1", "home"), bindingChanges(),
                    "the client's binding followed every handoff, in order");
        } catch (AssertionError | Exception e) {
            System.out.println(f.logs());
            System.out.println(diagnostics());
            throw e;
        }
    }

    /** What the kernels say, to explain a failure: routes and sockets at the client, sockets at the nodes. */
    private String diagnostics() {
        StringBuilder b = new StringBuilder();
        b.append("client route: ").append(f.tb.exec("client1", "ip", "-6", "route", "get", service.getHostAddress()));
        b.append("client routes:\n").append(f.tb.exec("client1", "ip", "-6", "route", "show", "table", "all"));
        b.append("client bindings (").append(plane).append("):\n").append(bindings());
        for (String n : List.of("client1", "contact", "server1", "server2")) {
            b.append("--- sockets on ").append(n).append('\n').append(f.tb.exec(n, "ss", "-tnie"));
        }
        return b.toString();
    }

    @Test
    @Order(2)
    void forgedAndReplayedBindingUpdatesChangeNoRouteAndAreCounted() throws Exception {
        assertNotNull(capturedUpdate, "the first test captured a genuine update");
        f.handoff("contact", demo.id(), client, "server1");
        String routesBefore = bindings();
        assertTrue(routesBefore.contains(eu.xtreemos.ds.rtnl.IpPrefix.text(f.tb.nodeAddress("server1"))), "bound to server1: " + routesBefore);
        Properties before = status();

        Inet6Address attacker = (Inet6Address) f.tb.nodeAddress("server2");
        try (NetNamespace ns = NetNamespace.open(f.tb.ns("server2"));
             MhSocket own = MhSocket.open(ns, attacker);
             MhSocket home = MhSocket.open(ns, service)) {
            // the attacker can run the care-of test from its own address: a real nonce index, a real care-of token
            own.send(new CareOfTestInit(42L), client);
            CareOfTest cot = awaitCareOfTest(own);
            int index = cot.careOfNonceIndex();
            // but it never sees the Home Test (that goes to the home, the contact node): so it guesses Kbm
            BindingManagementKey guess = BindingManagementKey.of(0x1234_5678_9abc_def0L, cot.careOfKeygenToken());
            home.send(forged(50_000, index, index, guess, attacker), client);
            int unknown = (index + 1000) & 0xffff; // nonce indices are 16 bits and wrap
            home.send(forged(50_001, unknown, unknown, guess, attacker), client);
            home.sendRaw(capturedUpdate, client); // a genuine update, replayed: its sequence number is old
            waitForRefusals(before, 3);
        }
        Properties after = status();
        assertEquals(1, delta(before, after, "refused-bad-authenticator"), after.toString());
        assertEquals(1, delta(before, after, "refused-expired-nonces"), after.toString());
        assertEquals(1, delta(before, after, "refused-sequence-number-out-of-window"), after.toString());
        assertEquals(0, delta(before, after, "updates-accepted"), after.toString());
        assertEquals(routesBefore, bindings(), "no binding changed");
        assertArrivesAt("server1");
        String log = Files.readString(f.cluster.correspondentLog("client1"));
        assertTrue(log.contains("refused a Binding Update") && log.contains("BAD_AUTHENTICATOR")
                && log.contains("SEQUENCE_NUMBER_OUT_OF_WINDOW"), log);
    }

    /** The binding changes the correspondent agent logged: the serving node's name, or "home" for a deregistration. */
    private List<String> bindingChanges() throws Exception {
        Map<String, String> names = Map.of(eu.xtreemos.ds.rtnl.IpPrefix.text(f.tb.nodeAddress("server1")), "server1",
                eu.xtreemos.ds.rtnl.IpPrefix.text(f.tb.nodeAddress("server2")), "server2");
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(f.cluster.correspondentLog("client1"))) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("binding \\S+ -> (\\S+) \\(sequence").matcher(line);
            if (m.find()) {
                String careOf = eu.xtreemos.ds.rtnl.IpPrefix.text(java.net.InetAddress.getByName(m.group(1)));
                out.add(names.getOrDefault(careOf, careOf));
            } else if (line.contains("binding of ") && line.contains(" removed: deregistered")) {
                out.add("home");
            }
        }
        return out;
    }

    /** The client's bindings of the service address as its kernel holds them: a route, XFRM states or an nft map. */
    private String bindings() {
        return switch (plane) {
            case SRV6 -> {
                String r = f.tb.exec("client1", "ip", "-6", "route", "show", service.getHostAddress());
                assertTrue(r.isBlank() || r.contains("encap seg6 mode inline"), r);
                yield r;
            }
            case XFRM -> f.tb.exec("client1", "ip", "-6", "xfrm", "state");
            default -> f.tb.exec("client1", "nft", "list", "map", "ip6", eu.xtreemos.ds.nft.AddressRewriting.CLIENT_TABLE, "out_careof");
        };
    }

    /** The seed's Figure 3 calls for bindings, on the node that serves the client. */
    @Test
    @Order(3)
    void theSeedsBindingCallsWork() throws Exception {
        try (eu.xtreemos.ds.dsco.client.DscoClient server1 = eu.xtreemos.ds.dsco.client.DscoClient.connect(f.cluster.socket("server1"))) {
            int seq = server1.getBUSeqNo(client);
            server1.startRO(client, seq + 1); // binds again: a new, newer update
            int again = server1.getBUSeqNo(client);
            assertTrue(eu.xtreemos.ds.mobility.SequenceNumber.isNewer(again, seq), seq + " then " + again);
            assertArrivesAt("server1");
            server1.deleteBU(client);
            eu.xtreemos.ds.dsco.client.DscoException none = assertThrows(eu.xtreemos.ds.dsco.client.DscoException.class,
                    () -> server1.getBUSeqNo(client));
            assertTrue(none.getMessage().contains("no binding update"), none.getMessage());
        }
        try (eu.xtreemos.ds.dsco.client.DscoClient contact = eu.xtreemos.ds.dsco.client.DscoClient.connect(f.cluster.socket("contact"))) {
            assertTrue(contact.getBUSeqNo(client) >= 0, "the contact node keeps numbering the client's updates");
        }
    }

    /** Wireshark's dissector reads the signalling captured on the client's link without a complaint. */
    @Test
    @Order(4)
    void capturedSignallingDissectsCleanly() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(signalling != null, "dumpcap is not installed: no capture to dissect");
        signalling.destroy();
        signalling.waitFor();
        String verbose = run("tshark", "-n", "-r", SIGNALLING.toString(), "-V");
        for (String bad : List.of("Malformed", "Expert Info (Error", "[Checksum Status: Bad]", "incorrect")) {
            assertFalse(verbose.contains(bad), () -> "tshark says '" + bad + "'");
        }
        java.util.Set<String> types = new java.util.TreeSet<>(run("tshark", "-n", "-r", SIGNALLING.toString(), "-T", "fields",
                "-e", "mip6.mhtype").lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
        assertEquals(new java.util.TreeSet<>(List.of("1", "2", "3", "4", "5", "6")), types,
                "HoTI, CoTI, HoT, CoT, BU and BA all seen on the wire");
    }

    private static boolean dumpcapInstalled() {
        return Files.isExecutable(java.nio.file.Path.of("/usr/bin/dumpcap")) && Files.isExecutable(java.nio.file.Path.of("/usr/bin/tshark"));
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor();
        return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    }

    private BindingUpdate forged(int sequence, int homeIndex, int careOfIndex, BindingManagementKey kbm, Inet6Address careOf) {
        BindingUpdate bu = BindingUpdate.toCorrespondent(sequence, 100,
                List.of(new AlternateCareOfAddress(careOf), new NonceIndices(homeIndex, careOfIndex)));
        return BindingAuthenticator.sign(bu, kbm, careOf, client);
    }

    private static CareOfTest awaitCareOfTest(MhSocket s) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            ReceivedHeader h = s.receive(Duration.ofMillis(500));
            if (h != null && h.decode(MobilityHeaderDecoder.rfc()) instanceof DecodeResult.Decoded d
                    && d.message() instanceof CareOfTest cot) {
                return cot;
            }
        }
        throw new AssertionError("no Care-of Test came back");
    }

    private static byte[] firstBindingUpdate(MhSocket tap) throws Exception {
        ReceivedHeader h;
        while ((h = tap.receive(Duration.ofMillis(10))) != null) {
            if (h.decode(MobilityHeaderDecoder.rfc()) instanceof DecodeResult.Decoded d && d.message() instanceof BindingUpdate) {
                return h.header();
            }
        }
        return null;
    }

    private void waitForRefusals(Properties before, int n) throws Exception {
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline) {
            if (delta(before, status(), "updates-refused") >= n) {
                return;
            }
            Thread.sleep(50);
        }
    }

    private static long delta(Properties before, Properties after, String key) {
        return Long.parseLong(after.getProperty(key, "0")) - Long.parseLong(before.getProperty(key, "0"));
    }

    private Properties status() throws Exception {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(f.cluster.correspondentStatus("client1"))) {
            p.load(in);
        }
        return p;
    }

    // ------------------------------------------------------------------ where the client's packets arrive

    private void rule(String node, String chain, String... match) {
        List<String> cmd = new ArrayList<>(List.of("ip6tables", "-w", "-I", chain));
        cmd.addAll(List.of(match));
        cmd.addAll(List.of("-m", "comment", "--comment", "ro-probe"));
        f.tb.exec(node, cmd.toArray(String[]::new));
    }

    private long count(String node, String chain) {
        String out = f.tb.exec(node, "ip6tables", "-w", "-v", "-x", "-n", "-L", chain);
        for (String line : out.split("\n")) {
            if (line.contains("ro-probe")) {
                return Long.parseLong(line.trim().split("\\s+")[0]);
            }
        }
        throw new AssertionError("no probe rule in " + node + " " + chain + ":\n" + out);
    }

    private Map<String, Long> counts() {
        return Map.of("ha", count("ha", "FORWARD"), "contact", count("contact", "INPUT"),
                "server1", count("server1", "INPUT"), "server2", count("server2", "INPUT"));
    }

    /** Over the next 300 ms the client's packets reach {@code node} and no other (the HA only on the home way). */
    private void assertArrivesAt(String node) throws InterruptedException {
        Thread.sleep(100); // packets already on their way when the binding changed
        Map<String, Long> a = counts();
        Thread.sleep(300);
        Map<String, Long> b = counts();
        for (String n : List.of("contact", "server1", "server2")) {
            long d = b.get(n) - a.get(n);
            if (n.equals(node)) {
                assertTrue(d > 0, "no packets of the client reached " + node + ": " + a + " -> " + b);
            } else {
                assertEquals(0, d, "packets of the client reached " + n + " while " + node + " serves it: " + a + " -> " + b);
            }
        }
        long viaHa = b.get("ha") - a.get("ha");
        if (node.equals("contact")) {
            assertTrue(viaHa > 0, "the home way goes through the HA");
        } else {
            assertEquals(0, viaHa, "route optimization bypasses the HA's service route: " + a + " -> " + b);
        }
    }
}
