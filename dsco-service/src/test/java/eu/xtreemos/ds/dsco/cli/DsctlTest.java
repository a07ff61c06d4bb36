package eu.xtreemos.ds.dsco.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** dsctl's own behaviour: help on every command, clear errors for bad input and a missing daemon. */
class DsctlTest {
    @TempDir
    Path dir;

    static String[] run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o));
        System.setErr(new PrintStream(e));
        try {
            int code = Dsctl.run(args);
            return new String[] {String.valueOf(code), o.toString(), e.toString()};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[] {"status", "nodes", "clients", "handoff", "contact", "config", "stats"}) {
            String[] r = run(cmd, "--help");
            assertEquals("0", r[0], cmd);
            assertTrue(r[1].contains("Usage: dsctl " + cmd), cmd + ": " + r[1]);
        }
        assertTrue(run("--help")[1].contains("handoff"));
        for (String[] cmd : new String[][] {{"node", "add"}, {"node", "remove"}, {"successors"}}) {
            String name = String.join(" ", cmd);
            String[] r = run(java.util.stream.Stream.concat(java.util.Arrays.stream(cmd), java.util.stream.Stream.of("--help")).toArray(String[]::new));
            assertEquals("0", r[0], name);
            assertTrue(r[1].contains("Usage: dsctl " + name), name + ": " + r[1]);
        }
        String node = run("node", "--help")[1];
        assertTrue(node.contains("add") && node.contains("remove"), node);
    }

    @Test
    void nodeAddWithABadAddressExitsWithTwoBeforeAskingDsco() {
        String[] r = run("--socket", dir.resolve("x.sock").toString(), "node", "add", "server3", "not-an-address");
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("'not-an-address' is not an IP address"), r[2]);
        assertEquals("2", run("node", "add", "server3")[0]); // ADDRESS missing
        String[] bare = run("node");
        assertEquals("2", bare[0], bare[2]);
        assertTrue(bare[2].contains("dsctl node needs a subcommand: add or remove"), bare[2]);
    }

    @Test
    void aMissingDaemonIsReportedClearly() {
        String[] r = run("--socket", dir.resolve("nothing.sock").toString(), "status");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("cannot reach dsco at"), r[2]);
    }

    @Test
    void badInputExitsWithTwoNamingTheProblem() {
        String[] r = run("--socket", dir.resolve("x.sock").toString(), "handoff", "--client", "not-an-address", "--to", "server1");
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("not-an-address"), r[2]);
        assertEquals("2", run("handoff", "--to", "server1")[0]); // --client missing
    }
}
