package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.Attr;
import eu.xtreemos.ds.dsco.api.Op;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.config.ConfigLoader;
import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.peer.ClusterKeys;
import eu.xtreemos.ds.dsco.peer.GroupMessage;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import eu.xtreemos.ds.dsco.handoff.ClientRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class GroupChangesTest {
    @TempDir
    Path dir;
    LiveConfig live;
    GroupAdmin admin;

    static InetAddress a(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @BeforeEach
    void start() throws Exception {
        Path key = dir.resolve("cluster.key");
        Files.write(key, new byte[32]);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path file = dir.resolve("dsco.properties");
        Files.writeString(file, String.join("\n",
                "node.name = contact",
                "node.address = fd00:d5:1:1::10",
                "nodes = contact=fd00:d5:1:1::10, server1=fd00:d5:1:1::11, server2=fd00:d5:1:1::12",
                "service.web.address = fd00:d5:1:5::1",
                "service.web.ports = 7000",
                "ha.address = fd00:d5:1:1::1",
                "cluster.key.file = " + key,
                "api.socket = " + dir.resolve("dsco.sock")));
        live = new LiveConfig(ConfigLoader.load(file));
        admin = new GroupAdmin(live, new ClusterLinks(live, ClusterKeys.read(key, null)), new ClientRegistry("contact"), null);
    }

    @Test
    void aNewNodeNeedsAValidNameAnIpv6AddressAndNoClash() throws Exception {
        Map<String, InetAddress> nodes = live.get().nodes();
        assertNull(GroupChanges.addProblem(nodes, "server3", a("fd00:d5:1:1::13")));
        assertEquals("node name 'Server3' must be 1-32 characters a-z, 0-9 and '-', starting with a letter",
                GroupChanges.addProblem(nodes, "Server3", a("fd00:d5:1:1::13")));
        assertEquals("node name '3rd' must be 1-32 characters a-z, 0-9 and '-', starting with a letter",
                GroupChanges.addProblem(nodes, "3rd", a("fd00:d5:1:1::13")));
        assertEquals("the address of node server3 must be IPv6, not 10.0.0.3", GroupChanges.addProblem(nodes, "server3", a("10.0.0.3")));
        assertEquals("the address of node server3 must be a node's own unicast address, not ff02:0:0:0:0:0:0:1",
                GroupChanges.addProblem(nodes, "server3", a("ff02::1")));
        assertEquals("the address of node server3 must be a node's own unicast address, not 0:0:0:0:0:0:0:0",
                GroupChanges.addProblem(nodes, "server3", a("::")));
        assertEquals("node server1 is known already, at fd00:d5:1:1:0:0:0:11, not fd00:d5:1:1:0:0:0:13 (remove it first to change its address)",
                GroupChanges.addProblem(nodes, "server1", a("fd00:d5:1:1::13")));
        assertEquals("address fd00:d5:1:1:0:0:0:12 is node server2's already", GroupChanges.addProblem(nodes, "server3", a("fd00:d5:1:1::12")));
        assertNull(GroupChanges.addProblem(nodes, "server1", a("fd00:d5:1:1::11")), "the same node again is no problem: adds repeat");
    }

    @Test
    void addingAndRemovingTwiceIsAddingAndRemovingOnce() throws Exception {
        DscoConfig c = live.get();
        DscoConfig once = GroupChanges.withNode(c, "server3", a("fd00:d5:1:1::13"));
        assertEquals(List.of("contact", "server1", "server2", "server3"), List.copyOf(once.nodes().keySet()));
        assertSame(once, GroupChanges.withNode(once, "server3", a("fd00:d5:1:1::13")));
        assertEquals(List.of("contact", "server1", "server2"), List.copyOf(c.nodes().keySet()), "the old configuration is not changed");
        DscoConfig removed = GroupChanges.withoutNode(once, "server3");
        assertEquals(c.nodes(), removed.nodes());
        assertSame(removed, GroupChanges.withoutNode(removed, "server3"));
        assertThrows(IllegalArgumentException.class, () -> GroupChanges.withNode(c, "server3", a("fd00:d5:1:1::11")));
        assertEquals("contact is this node", assertThrows(IllegalArgumentException.class, () -> GroupChanges.withoutNode(c, "contact")).getMessage());
    }

    @Test
    void successorsMustBeKnownAndNamedOnce() {
        Set<String> nodes = live.get().nodes().keySet();
        assertNull(GroupChanges.successorsProblem(nodes, List.of("server2", "server1")));
        assertNull(GroupChanges.successorsProblem(nodes, List.of()));
        assertEquals("unknown node [server9] (known: [contact, server1, server2])", GroupChanges.successorsProblem(nodes, List.of("server2", "server9")));
        assertEquals("unknown nodes [x, y] (known: [contact, server1, server2])", GroupChanges.successorsProblem(nodes, List.of("x", "y")));
        assertEquals("node server2 is named twice", GroupChanges.successorsProblem(nodes, List.of("server2", "server2")));
    }

    @Test
    void theFailoverOrderIsTheSuccessorsThenTheConfiguredOrder() {
        assertEquals(List.of("contact", "server1", "server2"), live.successorOrder());
        live.setSuccessors(List.of("server2"));
        assertEquals(List.of("server2", "contact", "server1"), live.successorOrder());
        live.update(c -> GroupChanges.withoutNode(c, "server2"));
        assertEquals(List.of(), live.successors(), "a removed node succeeds no one");
        assertEquals(List.of("contact", "server1"), live.successorOrder());
    }

    @Test
    void badRequestsAreRefusedNamingWhatWasWrongAndChangeNothing() throws Exception {
        Caller root = new Caller(1, 0, 0, new int[0], true);
        ApiMessage r = admin.addNode(root, ApiMessage.request(Op.ADD_NODE, 1).add(Attr.NODE, "server_3").add(Attr.NODE_ADDRESS, a("fd00:d5:1:1::13")));
        assertEquals(Status.BAD_REQUEST, r.status());
        assertEquals("node name 'server_3' must be 1-32 characters a-z, 0-9 and '-', starting with a letter", r.textOr(Attr.ERROR, ""));
        r = admin.addNode(root, ApiMessage.request(Op.ADD_NODE, 2).add(Attr.NODE, "server3").add(Attr.NODE_ADDRESS, a("10.0.0.3")));
        assertEquals("the address of node server3 must be IPv6, not 10.0.0.3", r.textOr(Attr.ERROR, ""));
        r = admin.removeNode(root, ApiMessage.request(Op.REMOVE_NODE, 3).add(Attr.NODE, "server9"));
        assertEquals(Status.BAD_REQUEST, r.status());
        assertEquals("unknown node 'server9' (known: [contact, server1, server2])", r.textOr(Attr.ERROR, ""));
        r = admin.removeNode(root, ApiMessage.request(Op.REMOVE_NODE, 4).add(Attr.NODE, "contact"));
        assertEquals("contact is this node: ask another node's dsco to remove it", r.textOr(Attr.ERROR, ""));
        r = admin.setSuccessors(root, ApiMessage.request(Op.SET_SUCCESSORS, 5).add(Attr.NODE, "server1").add(Attr.NODE, "server7"));
        assertEquals(Status.BAD_REQUEST, r.status());
        assertEquals("unknown node [server7] (known: [contact, server1, server2])", r.textOr(Attr.ERROR, ""));
        assertEquals(List.of("contact", "server1", "server2"), List.copyOf(live.get().nodes().keySet()));
        assertEquals(List.of(), live.successors());
    }

    @Test
    void peersApplyGroupMessagesIdempotently() throws Exception {
        InetAddress s3 = a("fd00:d5:1:1::13");
        for (int i = 0; i < 2; i++) {
            assertEquals(new PeerMessage.Result(true, ""), admin.onGroupMessage("server1", new GroupMessage.NodeAdded("server3", s3)));
            assertEquals(s3, live.get().nodes().get("server3"));
            assertEquals(4, live.get().nodes().size());
        }
        assertEquals(new PeerMessage.Result(false, "node server3 is known already, at fd00:d5:1:1:0:0:0:13, not fd00:d5:1:1:0:0:0:14 (remove it first to change its address)"),
                admin.onGroupMessage("server1", new GroupMessage.NodeAdded("server3", a("fd00:d5:1:1::14"))));
        for (int i = 0; i < 2; i++) {
            assertEquals(new PeerMessage.Result(true, ""), admin.onGroupMessage("server1", new GroupMessage.SuccessorsSet(List.of("server3", "server1"))));
            assertEquals(List.of("server3", "server1", "contact", "server2"), live.successorOrder());
        }
        assertEquals(new PeerMessage.Result(false, "unknown node [server9] (known: [contact, server1, server2, server3])"),
                admin.onGroupMessage("server1", new GroupMessage.SuccessorsSet(List.of("server9"))));
        assertEquals(List.of("server3", "server1"), live.successors(), "a refused order changes nothing");
        for (int i = 0; i < 2; i++) {
            assertEquals(new PeerMessage.Result(true, ""), admin.onGroupMessage("server1", new GroupMessage.NodeRemoved("server3")));
            assertFalse(live.get().nodes().containsKey("server3"));
            assertEquals(List.of("server1", "contact", "server2"), live.successorOrder());
        }
        assertEquals(new PeerMessage.Result(false, "contact is this node here"), admin.onGroupMessage("server1", new GroupMessage.NodeRemoved("contact")));
        assertTrue(live.get().nodes().containsKey("contact"));
    }
}
