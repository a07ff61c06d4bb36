package eu.xtreemos.ds.testbed;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import eu.xtreemos.ds.dsco.client.DscoClient;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.StringWriter;
import java.util.List;

import static eu.xtreemos.ds.testbed.Testbeds.assumePrivileged;
import static eu.xtreemos.ds.testbed.Testbeds.name;
import static eu.xtreemos.ds.testbed.Testbeds.namespacesStartingWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestbedCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = TestbedCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void helpForEveryCommand() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("Usage: ds-testbed"), out.toString());
        for (String cmd : List.of("up", "show", "down", "exec")) {
            out.getBuffer().setLength(0);
            assertEquals(0, run(cmd, "--help"), cmd);
            assertTrue(out.toString().contains("Usage: ds-testbed " + cmd), out.toString());
            assertTrue(out.toString().contains("--name"), out.toString());
        }
        assertTrue(out.toString().contains("--name=NAME"));
    }

    @Test
    void badInputExitsTwo() {
        assertEquals(2, run("up", "--servers", "0"));
        assertTrue(err.toString().startsWith("servers must be in 1..9, got 0"), err.toString());
        assertEquals(2, run("up", "--site", "300"));
        assertTrue(err.toString().contains("site must be in 0..255"), err.toString());
        assertEquals(2, run("down", "--name", "Bad-Name"));
        assertTrue(err.toString().contains("name must be 1-8 characters"), err.toString());
        assertEquals(2, run("up", "--servers", "x"));
        assertEquals(2, run("frobnicate"));
        assertEquals(2, run());
        assertTrue(err.toString().contains("missing command"), err.toString());
        assertEquals(2, run("exec", "router", "true"));
        assertTrue(err.toString().contains("NODE must be ha, contact, serverN or clientN, got 'router'"), err.toString());
        assertEquals(2, run("exec", "contact"));
    }

    @Test
    void upShowDown() throws Exception {
        assumePrivileged();
        String name = name("tbcli");
        try {
            assertEquals(0, run("up", "--name", name, "--servers", "1", "--clients", "2", "--site", "205"));
            assertTrue(out.toString().contains(name + "-client2") && out.toString().contains("fd00:d5:cd:5::1/128"),
                    out.toString());
            out.getBuffer().setLength(0);
            assertEquals(0, run("show", "--name", name));
            assertTrue(out.toString().contains("10.205.5.0/24 via 10.205.1.10 dev nodes"), out.toString());
            // exec runs in the node's namespace and exits with the command's code
            assertEquals(0, run("exec", "--name", name, "client2", "--", "sh", "-c", "ip -6 addr show dev eth0 | grep -q fd00:d5:cd:2::102/"));
            assertEquals(1, run("exec", "--name", name, "client2", "--", "sh", "-c", "ip -6 addr show dev eth0 | grep -q fd00:d5:cd:2::101/"));
            assertEquals(0, run("down", "--name", name));
            assertEquals(List.of(), namespacesStartingWith(name + "-"));
            assertEquals(1, run("show", "--name", name));
            assertTrue(err.toString().contains("no testbed '" + name + "'"), err.toString());
            assertEquals(0, run("down", "--name", name));
        } finally {
            NamespaceTestbed.down(name);
        }
    }

    @Test
    void upWithDaemonsAsRootLeavesThemRunningUntilDown() throws Exception {
        assumePrivileged();
        String name = name("tbdmn");
        Path daemons = TestbedDaemons.dirOf(name);
        try {
            assertEquals(0, run("up", "--name", name, "--site", "206", "--daemons"));
            Path socket = daemons.resolve("sock/server1.sock");
            assertTrue(out.toString().contains("  server1  " + socket + "\n"), out.toString());
            assertTrue(out.toString().contains("sudo bin/dsctl -s " + daemons.resolve("sock/contact.sock") + " handoff --client "
                    + "fd00:d5:ce:2::101 --to server1"), out.toString());
            try (DscoClient c = DscoClient.connect(socket)) {
                assertEquals("server1", c.localNode().name());
            }
            List<ProcessHandle> pids = Files.readAllLines(daemons.resolve(TestbedDaemons.PIDS)).stream()
                    .map(l -> ProcessHandle.of(Long.parseLong(l)).orElseThrow()).toList();
            assertEquals(3, pids.size(), "the HA agent and two dsco");

            assertEquals(0, run("down", "--name", name));
            for (ProcessHandle p : pids) {
                assertFalse(p.isAlive(), "daemon " + p.pid() + " stopped by down");
            }
            assertFalse(Files.exists(daemons), "down removes " + daemons);
            assertEquals(List.of(), namespacesStartingWith(name + "-"));
        } finally {
            TestbedDaemons.stop(name);
            NamespaceTestbed.down(name);
        }
    }
}
