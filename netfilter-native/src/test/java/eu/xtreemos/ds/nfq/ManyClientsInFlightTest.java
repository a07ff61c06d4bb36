package eu.xtreemos.ds.nfq;

import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static eu.xtreemos.ds.nfq.Packets.ip;
import static org.junit.jupiter.api.Assertions.*;

/**
 * More clients in flight at once than xt_recent could hold (100 per list): 300 client addresses each open
 * a connection to the service while in flight; every SYN is held (none reaches the listener), then each
 * client is released and its connection completes, carrying a byte both ways. Two namespaces ("bnq*",
 * fd00:d5:5a::/64) joined by a veth pair.
 */
class ManyClientsInFlightTest {
    static final int CLIENTS = 300;
    static final int QUEUE = 11;
    static final String SVC = "fd00:d5:5a::100";

    @Test
    void threeHundredClientsAreHeldAtOnceAndEachReleasedIntoItsConnection() throws Exception {
        try (ScratchNamespace client = new ScratchNamespace("bnqcl"); ScratchNamespace node = new ScratchNamespace("bnqnd")) {
            sh("ip", "-n", client.name, "link", "add", "c0", "type", "veth", "peer", "name", "n0", "netns", node.name);
            sh("ip", "-n", client.name, "addr", "add", "fd00:d5:5a::1/64", "dev", "c0", "nodad");
            sh("ip", "-n", node.name, "addr", "add", "fd00:d5:5a::2/64", "dev", "n0", "nodad");
            sh("ip", "-n", node.name, "addr", "add", SVC + "/128", "dev", "lo", "nodad");
            List<InetAddress> clients = new ArrayList<>();
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < CLIENTS; i++) {
                String a = "fd00:d5:5a::1:" + Integer.toHexString(i + 1);
                clients.add(ip(a));
                batch.append("addr add ").append(a).append("/64 dev c0 nodad\n");
            }
            batch(client.name, batch.toString());
            sh("ip", "-n", client.name, "link", "set", "c0", "up");
            sh("ip", "-n", node.name, "link", "set", "n0", "up");
            sh("ip", "-n", client.name, "-6", "route", "add", SVC + "/128", "via", "fd00:d5:5a::2");
            waitForLinkLocal(client.name, "c0");
            waitForLinkLocal(node.name, "n0");

            InflightSet set = new InflightSet(node.ns, "bnq", QUEUE, List.of(ip(SVC)));
            set.install();
            try (PacketQueue queue = PacketQueue.open(node.ns, QUEUE, PacketHandler.HOLD_ALL, PacketQueue.Limits.DEFAULT);
                 ServerSocketChannel listener = node.ns.call(() -> ServerSocketChannel.open(StandardProtocolFamily.INET6)
                         .bind(new InetSocketAddress(ip(SVC), 7000), CLIENTS))) {
                listener.configureBlocking(false);
                for (InetAddress c : clients) {
                    set.add(c);
                }
                assertEquals(new HashSet<>(clients), set.members());

                List<SocketChannel> conns = new ArrayList<>();
                for (InetAddress c : clients) {
                    SocketChannel ch = client.ns.call(() -> {
                        SocketChannel s = SocketChannel.open(StandardProtocolFamily.INET6);
                        s.bind(new InetSocketAddress(c, 0));
                        s.configureBlocking(false);
                        s.connect(new InetSocketAddress(ip(SVC), 7000));
                        return s;
                    });
                    conns.add(ch);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (queue.heldClients().size() < CLIENTS && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertEquals(new HashSet<>(clients), new HashSet<>(queue.heldClients()), "every client's SYN is held");
                assertNull(listener.accept(), "no held SYN reached the listener");

                for (InetAddress c : clients) {
                    set.remove(c);
                    queue.atomically(() -> queue.releaseHeld(c));
                }
                listener.configureBlocking(true);
                Set<InetAddress> accepted = new HashSet<>();
                List<SocketChannel> served = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    SocketChannel s = listener.accept();
                    served.add(s);
                    accepted.add(((InetSocketAddress) s.getRemoteAddress()).getAddress());
                    s.write(ByteBuffer.wrap(new byte[] {42}));
                }
                assertEquals(new HashSet<>(clients), accepted, "every released client connected");
                for (SocketChannel ch : conns) {
                    ch.configureBlocking(true);
                    assertTrue(ch.finishConnect());
                    ByteBuffer b = ByteBuffer.allocate(1);
                    assertEquals(1, ch.read(b));
                    assertEquals(42, b.get(0));
                    ch.close();
                }
                for (SocketChannel s : served) {
                    s.close();
                }
                assertEquals(Set.of(), set.members());
                assertEquals(0, queue.counters().overflow());
            } finally {
                set.uninstall();
            }
        }
    }

    private static void sh(String... cmd) throws Exception {
        List<String> out = new ArrayList<>();
        assertEquals(0, Testbed.run(out, cmd), String.join(" ", cmd) + ": " + out);
    }

    private static void batch(String ns, String commands) throws Exception {
        Process p = new ProcessBuilder("ip", "-n", ns, "-batch", "-").redirectErrorStream(true).start();
        p.getOutputStream().write(commands.getBytes());
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    private static void waitForLinkLocal(String ns, String dev) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            List<String> out = new ArrayList<>();
            Testbed.run(out, "ip", "-n", ns, "-6", "-o", "addr", "show", "dev", dev, "scope", "link");
            if (!out.isEmpty()) {
                return;
            }
            Thread.sleep(10);
        }
        fail(dev + " in " + ns + " did not come up");
    }
}
