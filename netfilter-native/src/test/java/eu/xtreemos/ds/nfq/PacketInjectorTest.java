package eu.xtreemos.ds.nfq;

import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static eu.xtreemos.ds.nfq.Packets.ip;
import static org.junit.jupiter.api.Assertions.*;

class PacketInjectorTest {

    /** A SYN from an address this namespace does not own reaches the listener: a connection attempt. */
    @Test
    void aSynFromAForeignSourceReachesTheLocalListener() throws Exception {
        try (ScratchNamespace n = new ScratchNamespace("dsqinj")) {
            assertEquals(0, n.exec("ip", "addr", "add", "fd00:d5:ee::100/128", "dev", "lo", "nodad"));
            assertEquals(0, n.exec("ip", "addr", "add", "10.213.0.100/32", "dev", "lo"));
            // A route back to the clients, so that the SYN-ACK can be sent (into a link nobody listens on).
            assertEquals(0, n.exec("ip", "link", "add", "v0", "type", "veth", "peer", "name", "v1"));
            assertEquals(0, n.exec("ip", "link", "set", "v0", "up"));
            assertEquals(0, n.exec("ip", "link", "set", "v1", "up"));
            assertEquals(0, n.exec("ip", "-6", "route", "add", "fd00:d5:ee::/64", "dev", "v0"));
            assertEquals(0, n.exec("ip", "route", "add", "10.213.0.0/24", "dev", "v0"));
            for (String[] a : new String[][] {{"fd00:d5:ee::1", "fd00:d5:ee::100"}, {"10.213.0.1", "10.213.0.100"}}) {
                InetAddress client = ip(a[0]), svc = ip(a[1]); // client: not an address of this namespace
                try (ServerSocketChannel l = n.ns.call(() -> {
                    ServerSocketChannel ch = ServerSocketChannel.open();
                    ch.bind(new InetSocketAddress(svc, 0));
                    return ch;
                }); PacketInjector inj = PacketInjector.open(n.ns)) {
                    int port = ((InetSocketAddress) l.getLocalAddress()).getPort();
                    inj.inject(Packets.tcp(client, 40000, svc, port, 1000, 0, IpPacket.SYN, new byte[0]));
                    List<String> out = new ArrayList<>();
                    long deadline = System.currentTimeMillis() + 5000;
                    do {
                        out.clear();
                        Testbed.run(out, "ip", "netns", "exec", n.name, "ss", "-Htan", "state", "syn-recv");
                    } while (out.stream().noneMatch(s -> s.contains(":40000")) && System.currentTimeMillis() < deadline
                            && sleep());
                    // The listener is dual-stack: an IPv4 peer shows as [::ffff:10.213.0.1]:40000.
                    assertTrue(out.stream().anyMatch(s -> s.contains(a[0] + "]:40000")), a[0] + " not in " + out);
                }
            }
        }
    }

    private static boolean sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    @Test
    void refusesWhatIsNotAWholeIpPacket() throws Exception {
        try (PacketInjector inj = PacketInjector.open(null)) {
            assertThrows(IOException.class, () -> inj.inject(new byte[0]));
            assertThrows(IOException.class, () -> inj.inject(new byte[] {0x45, 0, 0}));
            byte[] p = Packets.tcp(ip("fd00:d5:ee::1"), 1, ip("fd00:d5:ee::100"), 2, 0, 0, IpPacket.SYN, new byte[0]);
            assertThrows(IOException.class, () -> inj.inject(Arrays.copyOf(p, p.length + 3)), "trailing bytes");
        }
    }
}
