package eu.xtreemos.ds.dsco.membership;

import eu.xtreemos.ds.dsco.peer.ClusterKeys;
import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.jgroups.protocols.TP;
import org.jgroups.stack.IpAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static eu.xtreemos.ds.dsco.membership.ClusterKeyTokenTest.NEW;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A member whose discovery list holds a node that vanished (its address black-holes: SYNs go out and nothing
 * answers) sends to all that node's port slots at once, as a discovery round does: one connect timeout in all, not
 * one per slot in a row under JGroups' connection lock.
 */
class BackingOffTcpTest {
    static ScratchNamespace scratch;
    static final int PORT = 7400;
    static final InetAddress ALPHA = address("fd00::c1"), GHOST = address("fd00::c9");

    @BeforeAll
    static void ns() throws Exception {
        scratch = new ScratchNamespace("dsbo");
        assertEquals(0, scratch.exec("ip", "-6", "addr", "add", "fd00::c1/128", "dev", "lo", "nodad"));
        // The ghost's address leads into a veth pair whose other end takes no frames for it: a black hole.
        assertEquals(0, scratch.exec("ip", "link", "add", "bo0", "type", "veth", "peer", "name", "bo1"));
        assertEquals(0, scratch.exec("ip", "link", "set", "bo0", "up"));
        assertEquals(0, scratch.exec("ip", "link", "set", "bo1", "up"));
        assertEquals(0, scratch.exec("ip", "-6", "route", "add", "fd00::c9/128", "dev", "bo0"));
        assertEquals(0, scratch.exec("ip", "-6", "neigh", "add", "fd00::c9", "lladdr", "02:00:00:00:00:c9", "dev", "bo0", "nud", "permanent"));
    }

    @AfterAll
    static void cleanup() throws Exception {
        scratch.close();
    }

    @Test
    void sendsToEveryPortSlotOfAVanishedNodeCostOneConnectTimeout() throws Exception {
        Map<String, InetAddress> nodes = new LinkedHashMap<>();
        nodes.put("alpha", ALPHA);
        nodes.put("ghost", GHOST);
        long detection = 1000, connectTimeout = 100; // Membership: a tenth of the detection time
        Membership alpha = scratch.ns.call(() -> new Membership("alpha", ALPHA, PORT, nodes, ClusterKeys.of(NEW), detection, 0));
        try {
            scratch.ns.run(alpha::join);
            long deadline = System.currentTimeMillis() + 30_000;
            while (!alpha.members().equals(List.of("alpha")) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(List.of("alpha"), alpha.members());
            TP transport = alpha.channel().getProtocolStack().getTransport();
            BackingOffTcp tcp = assertInstanceOf(BackingOffTcp.class, transport);
            Thread.sleep(3 * detection + 500); // the join's discovery round has timed out and its back-off has passed

            byte[] data = new byte[16];
            List<Object> outcomes = scratch.ns.call(() -> { // the sending threads are made in the namespace
                ExecutorService pool = Executors.newFixedThreadPool(Membership.PORT_SLOTS);
                try {
                    List<Future<Object>> sends = new ArrayList<>();
                    for (int slot = 0; slot < Membership.PORT_SLOTS; slot++) {
                        IpAddress dest = new IpAddress(GHOST, PORT + slot);
                        sends.add(pool.submit(() -> {
                            long t0 = System.nanoTime();
                            try {
                                tcp.send(dest, data, 0, data.length);
                                return (Object) ((System.nanoTime() - t0) / 1_000_000);
                            } catch (SocketTimeoutException e) {
                                return "timeout";
                            }
                        }));
                    }
                    List<Object> out = new ArrayList<>();
                    for (Future<Object> f : sends) {
                        out.add(f.get());
                    }
                    return out;
                } finally {
                    pool.shutdownNow();
                }
            });
            long timeouts = outcomes.stream().filter("timeout"::equals).count();
            // A discovery round of the member may have timed out on the ghost just before: then none times out here.
            assertTrue(timeouts <= 1, "one connect to the vanished host times out, the other slots are not tried: " + outcomes);
            for (Object o : outcomes) {
                if (o instanceof Long ms) { // dropped: after at most the one connect timeout (one per slot in a row: 100 to 800 ms)
                    assertTrue(ms < 3 * connectTimeout, "a send waited " + ms + " ms: " + outcomes);
                }
            }
        } finally {
            alpha.close();
        }
    }

    private static InetAddress address(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
