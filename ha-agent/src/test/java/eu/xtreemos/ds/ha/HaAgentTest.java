package eu.xtreemos.ds.ha;

import eu.xtreemos.ds.dsco.config.HaConfig;
import eu.xtreemos.ds.dsco.peer.HandoffMessage;
import eu.xtreemos.ds.dsco.peer.SteeringMessage;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The HA agent's bookkeeping, over a recording route programmer (the real rtnetlink steering is tested in
 * netfilter-native's SteeringTest, and end to end through dsco).
 */
class HaAgentTest {
    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    /** Records what it was asked and plays back routes "already in the kernel". */
    static final class Recorder implements RouteProgrammer {
        final List<String> calls = new ArrayList<>();
        final Map<InetAddress, InetAddress> existing = new LinkedHashMap<>();

        @Override
        public void steer(InetAddress service, InetAddress client, InetAddress node) {
            calls.add("steer " + client.getHostAddress() + " -> " + node.getHostAddress());
        }

        @Override
        public void setDefault(InetAddress service, int prefixLength, InetAddress node) {
            calls.add("default /" + prefixLength + " -> " + node.getHostAddress());
        }

        @Override
        public void unsteer(InetAddress service, InetAddress client) {
            calls.add("unsteer " + client.getHostAddress());
        }

        @Override
        public void forgetNode(InetAddress node) {
            calls.add("forget " + node.getHostAddress());
        }

        @Override
        public Map<InetAddress, InetAddress> steered(InetAddress service) {
            return service.getAddress().length == 16 ? existing : Map.of();
        }

        @Override
        public void close() {
        }
    }

    HaConfig config() throws Exception {
        return new HaConfig("ha", ip("fd00::1"), 7300, Path.of("/dev/null"), null, "nodes",
                new LinkedHashMap<>(Map.of("contact", ip("fd00::10"), "server1", ip("fd00::11"))),
                Map.of("contact", ip("10.0.0.10"), "server1", ip("10.0.0.11")),
                List.of(new HaConfig.HaService("web", ip("fd00:5::1"), 64, ip("10.0.5.1"), "contact")));
    }

    @Test
    void aRestartedAgentRecoversBindingsFromTheRoutes() throws Exception {
        Recorder r = new Recorder();
        r.existing.put(ip("fd00:2::101"), ip("fd00::11"));
        HaAgent agent = new HaAgent(config(), r);
        agent.start();
        assertEquals("server1", agent.table().nodeOf("web", ip("fd00:2::101")));
        assertTrue(agent.table().hasBinding("web", ip("fd00:2::101")));
        assertEquals("contact", agent.table().nodeOf("web", ip("fd00:2::102")), "unbound clients go to the contact");
        assertTrue(r.calls.contains("default /64 -> fd00:0:0:0:0:0:0:10"), r.calls.toString());
    }

    @Test
    void contactChangePinsOnlyUnboundClientsToTheOldContact() throws Exception {
        Recorder r = new Recorder();
        HaAgent agent = new HaAgent(config(), r);
        agent.start();
        agent.handle("contact", new SteeringMessage.Steer("web", ip("fd00:2::101"), "server1"));
        r.calls.clear();
        PeerMessage answer = agent.handle("server1", new SteeringMessage.SetContact("web", "server1",
                List.of(ip("fd00:2::101"), ip("fd00:2::102"))));
        assertEquals(new PeerMessage.Result(true, ""), answer);
        assertEquals(List.of("steer fd00:2:0:0:0:0:0:102 -> fd00:0:0:0:0:0:0:10", "default /64 -> fd00:0:0:0:0:0:0:11",
                "default /32 -> 10.0.0.11"), r.calls);
        assertEquals("server1", agent.table().contact("web"));
    }

    @Test
    void badRequestsAreRefusedWithAReason() throws Exception {
        HaAgent agent = new HaAgent(config(), new Recorder());
        agent.start();
        PeerMessage.Result a = (PeerMessage.Result) agent.handle("contact", new SteeringMessage.Steer("nope", ip("fd00:2::1"), "server1"));
        assertFalse(a.ok());
        assertTrue(a.reason().contains("unknown service"), a.reason());
        PeerMessage.Result b = (PeerMessage.Result) agent.handle("contact", new SteeringMessage.Steer("web", ip("fd00:2::1"), "server9"));
        assertTrue(b.reason().contains("unknown node"), b.reason());
        PeerMessage.Result c = (PeerMessage.Result) agent.handle("contact", new HandoffMessage.Prepare(1, "web", ip("fd00:2::1"), "x", new byte[0], List.of()));
        assertTrue(c.reason().contains("does not handle"), c.reason());
    }

    @Test
    void aJoinedNodeCanBeSteeredToAndAJoinRepeatedChangesNothing() throws Exception {
        Recorder r = new Recorder();
        HaAgent agent = new HaAgent(config(), r);
        agent.start();
        PeerMessage.Result before = (PeerMessage.Result) agent.handle("contact", new SteeringMessage.Steer("web", ip("fd00:2::1"), "server2"));
        assertEquals("unknown node 'server2'", before.reason());
        for (int i = 0; i < 2; i++) {
            assertEquals(new PeerMessage.Result(true, ""), agent.handle("contact", new SteeringMessage.NodeJoined("server2", ip("fd00::12"))));
        }
        assertEquals(java.util.Set.of("contact", "server1", "server2"), agent.nodeNames());
        r.calls.clear();
        assertEquals(new PeerMessage.Result(true, ""), agent.handle("contact", new SteeringMessage.Steer("web", ip("fd00:2::1"), "server2")));
        assertEquals(List.of("steer fd00:2:0:0:0:0:0:1 -> fd00:0:0:0:0:0:0:12"), r.calls);
        assertEquals(new PeerMessage.Result(false, "node server2 is known already, at fd00:0:0:0:0:0:0:12, not fd00:0:0:0:0:0:0:13"),
                agent.handle("contact", new SteeringMessage.NodeJoined("server2", ip("fd00::13"))));
        assertEquals(new PeerMessage.Result(false, "address fd00:0:0:0:0:0:0:11 is node server1's already"),
                agent.handle("contact", new SteeringMessage.NodeJoined("server3", ip("fd00::11"))));
        assertEquals(new PeerMessage.Result(false, "the address of node server3 must be IPv6, not 10.0.0.13"),
                agent.handle("contact", new SteeringMessage.NodeJoined("server3", ip("10.0.0.13"))));
        assertEquals(new PeerMessage.Result(false, "node name 'Server3' must be 1-32 characters a-z, 0-9 and '-', starting with a letter"),
                agent.handle("contact", new SteeringMessage.NodeJoined("Server3", ip("fd00::13"))));
    }

    @Test
    void aNodeThatLeftLosesItsStaleBindingsAndMarkAndTheContactCannotLeave() throws Exception {
        Recorder r = new Recorder();
        HaAgent agent = new HaAgent(config(), r);
        agent.start();
        agent.handle("contact", new SteeringMessage.Steer("web", ip("fd00:2::1"), "server1"));
        agent.handle("contact", new SteeringMessage.Steer("web", ip("fd00:2::2"), "contact"));
        assertEquals(new PeerMessage.Result(false, "node contact is the contact node of web"),
                agent.handle("server1", new SteeringMessage.NodeLeft("contact")));
        r.calls.clear();
        assertEquals(new PeerMessage.Result(true, ""), agent.handle("contact", new SteeringMessage.NodeLeft("server1")));
        assertEquals(List.of("unsteer fd00:2:0:0:0:0:0:1", "forget fd00:0:0:0:0:0:0:11", "forget 10.0.0.11"), r.calls);
        assertFalse(agent.table().hasBinding("web", ip("fd00:2::1")));
        assertEquals("contact", agent.table().nodeOf("web", ip("fd00:2::2")), "other clients keep their node");
        assertEquals(java.util.Set.of("contact"), agent.nodeNames());
        PeerMessage.Result steer = (PeerMessage.Result) agent.handle("contact", new SteeringMessage.Steer("web", ip("fd00:2::1"), "server1"));
        assertEquals("unknown node 'server1'", steer.reason());
        r.calls.clear();
        assertEquals(new PeerMessage.Result(true, ""), agent.handle("contact", new SteeringMessage.NodeLeft("server1")), "gone already: done");
        assertEquals(List.of(), r.calls);
    }
}
