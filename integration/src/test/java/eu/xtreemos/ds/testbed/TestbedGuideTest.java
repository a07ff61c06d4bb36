package eu.xtreemos.ds.testbed;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestbedGuideTest {
    private static TestbedGuide.Facts facts(boolean rootless, Path daemons) throws Exception {
        return new TestbedGuide.Facts("ds", List.of("contact", "server1", "server2"), List.of("client1"),
                InetAddress.getByName("fd00:d5:1:2::101"), InetAddress.getByName("fd00:d5:1:5::1"), 7000, rootless, daemons);
    }

    @Test
    void rootlessWithDaemonsNamesEverySocketAndTheCommandsToUseThemWithoutSudo() throws Exception {
        String t = TestbedGuide.text(facts(true, Path.of("/tmp/ds-testbed-1000/ds/daemons")));
        for (String node : List.of("contact", "server1", "server2")) {
            assertTrue(t.contains(String.format("  %-8s /tmp/ds-testbed-1000/ds/daemons/sock/%s.sock%n", node, node)), t);
            assertTrue(t.contains("bin/ds-testbed exec --name ds " + node + " -- java "), t);
            assertTrue(t.contains("CounterServer 'ds://[fd00:d5:1:5::1]:7000?socket=/tmp/ds-testbed-1000/ds/daemons/sock/" + node
                    + ".sock' &"), t);
        }
        assertTrue(t.contains("  bin/dsctl -s /tmp/ds-testbed-1000/ds/daemons/sock/contact.sock status\n"), t);
        assertTrue(t.contains("  bin/dsctl -s /tmp/ds-testbed-1000/ds/daemons/sock/contact.sock clients\n"), t);
        assertTrue(t.contains("  bin/dsctl -s /tmp/ds-testbed-1000/ds/daemons/sock/contact.sock handoff --client fd00:d5:1:2::101"
                + " --to server1\n"), t);
        assertTrue(t.contains("bin/ds-testbed exec --name ds client1 -- nc fd00:d5:1:5::1 7000\n"), t);
        assertTrue(t.contains("bin/ds-testbed exec --name ds client1 -- socat - 'TCP6:[fd00:d5:1:5::1]:7000'\n"), t);
        assertTrue(t.contains("-cp '/tmp/ds-testbed-1000/ds/daemons/cp/*:/tmp/ds-testbed-1000/ds/daemons/cp/classes'"), t);
        assertFalse(t.contains("sudo"), t);
    }

    @Test
    void asRootEveryCommandIsRunWithSudo() throws Exception {
        String t = TestbedGuide.text(facts(false, Path.of("/run/ds-testbed/ds")));
        assertTrue(t.contains("  sudo bin/dsctl -s /run/ds-testbed/ds/sock/contact.sock status\n"), t);
        assertTrue(t.contains("  sudo bin/ds-testbed exec --name ds client1 -- nc fd00:d5:1:5::1 7000\n"), t);
        assertTrue(t.contains("setpriv --reuid=nobody"), t);
    }

    @Test
    void withoutDaemonsOnlyHowToRunACommandInANode() throws Exception {
        String t = TestbedGuide.text(facts(true, null));
        assertTrue(t.contains("bin/ds-testbed exec --name ds NODE -- COMMAND...\n"), t);
        assertFalse(t.contains("dsctl"), t);
    }
}
