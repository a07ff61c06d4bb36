package eu.xtreemos.ds.dsco.membership;

import eu.xtreemos.ds.dsco.peer.ClusterKeys;
import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static eu.xtreemos.ds.dsco.membership.ClusterKeyTokenTest.NEW;
import static eu.xtreemos.ds.dsco.membership.ClusterKeyTokenTest.OLD;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Two real JGroups members (TCP on two loopback addresses of a scratch namespace) during a key rotation: a node
 * holding {new, old} and one holding {old} form one group; a node holding {new} is refused by one holding {old}.
 */
class MembershipKeyRotationTest {
    static ScratchNamespace scratch;
    static final int PORT = 7400;
    static Map<String, InetAddress> nodes;

    @BeforeAll
    static void ns() throws Exception {
        scratch = new ScratchNamespace("dsmk");
        for (String a : List.of("fd00::a1", "fd00::a2")) {
            assertEquals(0, scratch.exec("ip", "-6", "addr", "add", a + "/128", "dev", "lo", "nodad"));
        }
        nodes = Map.of("alpha", InetAddress.getByName("fd00::a1"), "beta", InetAddress.getByName("fd00::a2"));
    }

    @AfterAll
    static void cleanup() throws Exception {
        scratch.close();
    }

    private static Membership member(String name, ClusterKeys keys, int incarnation) throws Exception {
        Membership m = scratch.ns.call(() -> new Membership(name, nodes.get(name), PORT, nodes, keys, 1000, incarnation));
        scratch.ns.call(() -> {
            m.join();
            return null;
        });
        return m;
    }

    /** Waits up to {@code millis} for both to see {@code size} members; returns what the first sees then. */
    private static List<String> await(Membership a, Membership b, int size, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline && (a.members().size() != size || b.members().size() != size)) {
            Thread.sleep(100);
        }
        return a.members();
    }

    @Test
    void aNodeHoldingBothKeysAndANodeHoldingTheOldOneFormOneGroup() throws Exception {
        try (Membership alpha = member("alpha", ClusterKeys.of(NEW, OLD), 0); Membership beta = member("beta", ClusterKeys.of(OLD), 0)) {
            assertEquals(2, await(alpha, beta, 2, 30_000).size(), "alpha sees " + alpha.members() + ", beta " + beta.members());
            assertEquals(2, beta.members().size());
        }
    }

    @Test
    void nodesHoldingOnlyTheNewAndOnlyTheOldKeyStayApart() throws Exception {
        try (Membership alpha = member("alpha", ClusterKeys.of(NEW), 1); Membership beta = member("beta", ClusterKeys.of(OLD), 1)) {
            await(alpha, beta, 2, 8_000);
            // The one that founded the group first sees itself alone; the other's join is refused (it keeps retrying).
            String seen = "alpha sees " + alpha.members() + ", beta " + beta.members();
            assertFalse(alpha.members().contains("beta"), seen);
            assertFalse(beta.members().contains("alpha"), seen);
            assertTrue(alpha.members().equals(List.of("alpha")) || beta.members().equals(List.of("beta")), seen);
        }
    }
}
