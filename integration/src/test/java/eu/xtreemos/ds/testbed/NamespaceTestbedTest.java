package eu.xtreemos.ds.testbed;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static eu.xtreemos.ds.testbed.Testbeds.NameServer;
import static eu.xtreemos.ds.testbed.Testbeds.assumePrivileged;
import static eu.xtreemos.ds.testbed.Testbeds.name;
import static eu.xtreemos.ds.testbed.Testbeds.namespacesStartingWith;
import static eu.xtreemos.ds.testbed.Testbeds.whoAnswers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Builds real testbeds (needs root; skipped otherwise). Each test has its own name and site. */
class NamespaceTestbedTest {

    @Test
    void twoServersTwoClientsAndSteering() throws Exception {
        assumePrivileged();
        String name = name("tbnet");
        try (NamespaceTestbed tb = NamespaceTestbed.up(new TestbedSpec(name, 2, 2, 201))) {
            assertEquals(Stream.of("ha", "contact", "server1", "server2", "client1", "client2").map(n -> name + "-" + n)
                    .toList(), NamespaceTestbed.namespaces(name));
            assertEquals(name + "-server2", tb.ns("server2"));
            assertEquals(List.of("contact", "server1", "server2"), tb.serverNodes());
            assertEquals(List.of("client1", "client2"), tb.clients());
            assertEquals(InetAddress.getByName("fd00:d5:c9:1::11"), tb.nodeAddress("server1"));
            assertEquals(InetAddress.getByName("10.201.1.12"), tb.nodeAddress4("server2"));
            assertEquals(InetAddress.getByName("fd00:d5:c9:5::1"), tb.serviceAddress());
            assertEquals(InetAddress.getByName("10.201.5.1"), tb.serviceAddress4());
            assertEquals(InetAddress.getByName("fd00:d5:c9:2::102"), tb.clientAddress("client2"));
            assertEquals(InetAddress.getByName("10.201.2.101"), tb.clientAddress4("client1"));
            // MTU: 1600 on the nodes side (room for an SRv6 header later), 1500 for clients.
            assertEquals("1600", tb.exec("server1", "cat", "/sys/class/net/eth0/mtu").strip());
            assertEquals("1600", tb.exec("ha", "cat", "/sys/class/net/nodes/mtu").strip());
            assertEquals("1500", tb.exec("client1", "cat", "/sys/class/net/eth0/mtu").strip());
            assertTrue(NamespaceTestbed.show(name).contains("fd00:d5:c9:5::/64 via fd00:d5:c9:1::10 dev nodes"));

            for (boolean v6 : new boolean[] {true, false}) {
                InetAddress svc = v6 ? tb.serviceAddress() : tb.serviceAddress4();
                InetAddress client1 = v6 ? tb.clientAddress("client1") : tb.clientAddress4("client1");
                try (var contact = new NameServer(tb, "contact", svc);
                     var server1 = new NameServer(tb, "server1", svc);
                     var server2 = new NameServer(tb, "server2", svc)) {
                    // Default binding: everything goes to the contact node.
                    assertEquals("contact", whoAnswers(tb, "client1", svc));
                    assertEquals("contact", whoAnswers(tb, "client2", svc));

                    tb.steer(client1, "server1");
                    assertEquals("server1", whoAnswers(tb, "client1", svc), svc.toString());
                    assertEquals("contact", whoAnswers(tb, "client2", svc), svc.toString());
                    String shown = NamespaceTestbed.show(name);
                    assertTrue(shown.contains(v6 ? "from fd00:d5:c9:2::101 via fd00:d5:c9:1::11"
                            : "10.201.5.1 via 10.201.1.11 dev nodes"), shown);

                    tb.steer(client1, "server2"); // re-steering replaces the binding
                    assertEquals("server2", whoAnswers(tb, "client1", svc));

                    tb.unsteer(client1);
                    assertEquals("contact", whoAnswers(tb, "client1", svc));
                    tb.unsteer(client1); // not steered any more: no error
                }
            }
            assertThrows(IllegalArgumentException.class, () -> tb.steer(tb.clientAddress("client1"), "client2"));
            assertThrows(IllegalArgumentException.class, () -> tb.ns("server3"));
        }
        assertEquals(List.of(), namespacesStartingWith(name + "-"));
    }

    @Test
    void upTwiceAndDownTwice() throws Exception {
        assumePrivileged();
        String name = name("tbidem");
        // Bystanders that share the prefix text but are not part of the testbed.
        List<String> others = List.of(name + "-other", name + "x-ha");
        others.forEach(n -> Commands.check("ip", "netns", "add", n));
        try {
            NamespaceTestbed first = NamespaceTestbed.up(new TestbedSpec(name, 1, 1, 202));
            first.detach(); // as if its JVM had gone away without cleaning up
            try (NamespaceTestbed tb = NamespaceTestbed.up(new TestbedSpec(name, 2, 1, 202))) {
                assertEquals(Stream.of("ha", "contact", "server1", "server2", "client1").map(n -> name + "-" + n)
                        .toList(), NamespaceTestbed.namespaces(name));
                try (var contact = new NameServer(tb, "contact", tb.serviceAddress())) {
                    assertEquals("contact", whoAnswers(tb, "client1", tb.serviceAddress()));
                }
            }
            NamespaceTestbed.down(name);
            NamespaceTestbed.down(name);
            assertEquals(others, namespacesStartingWith(name).stream().sorted().toList());
            assertTrue(NamespaceTestbed.show(name).startsWith("no testbed '" + name + "'"));
        } finally {
            NamespaceTestbed.down(name);
            others.forEach(n -> Commands.run(Commands.DEFAULT_TIMEOUT, "ip", "netns", "delete", n));
        }
        assertEquals(List.of(), namespacesStartingWith(name));
    }

    @Test
    void failedBuildRemovesWhatItMade() throws Exception {
        assumePrivileged();
        String name = name("tbfail");
        var e = assertThrows(IllegalStateException.class, () -> NamespaceTestbed.up(
                new TestbedSpec(name, 1, 1, 203), node -> {
                    if (node.equals("server1")) {
                        Commands.check("ip", "link", "show", "dev", "no-such-dev0");
                    }
                }));
        assertTrue(e.getMessage().contains("ip link show dev no-such-dev0 failed with exit code 1")
                && e.getMessage().contains("does not exist"), e.getMessage());
        assertEquals(List.of(), namespacesStartingWith(name + "-"));
    }

    @Test
    void shutdownHookRemovesAnUnclosedTestbed() throws Exception {
        assumePrivileged();
        String name = name("tbhook");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ExitWithoutClose.class.getName(), name, "204")
                .redirectErrorStream(true).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("up true"), out);
            assertEquals(List.of(), namespacesStartingWith(name + "-"));
        } finally {
            p.destroyForcibly();
            NamespaceTestbed.down(name);
        }
    }

    @Test
    void privilegeCheckReadsUidAndCapabilities() {
        String root = "Name:\tjava\nUid:\t0\t0\t0\t0\nCapEff:\t0000000000000000\n";
        String user = "Uid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000000000\n";
        String netAdminOnly = "Uid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000001000\n";
        String both = "Uid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000201000\n";
        String setuid = "Uid:\t1000\t0\t0\t0\nCapEff:\t0000000000000000\n";
        assertTrue(NamespaceTestbed.privilegeProblem(root).isEmpty());
        assertTrue(NamespaceTestbed.privilegeProblem(both).isEmpty());
        assertTrue(NamespaceTestbed.privilegeProblem(setuid).isEmpty());
        assertEquals(NamespaceTestbed.NEEDS_ROOT, NamespaceTestbed.privilegeProblem(user).orElseThrow());
        assertEquals(NamespaceTestbed.NEEDS_ROOT, NamespaceTestbed.privilegeProblem(netAdminOnly).orElseThrow());
        assertTrue(NamespaceTestbed.NEEDS_ROOT.contains("CAP_NET_ADMIN and CAP_SYS_ADMIN"));
    }
}
