package eu.xtreemos.ds.mobility;

import eu.xtreemos.ds.kernel.LibC;
import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A Mobility Header socket that bypasses the host's XFRM policies (what the correspondent agent's Home Tests use
 * with kernel Mobile IPv6): in a scratch namespace (site 71) an XFRM policy blocks everything from one address
 * to another; an ordinary socket's message is refused by the kernel, the bypassing socket's arrives. Policies need
 * no Mobile IPv6 in the kernel, so this runs on any kernel with XFRM.
 */
class XfrmBypassNamespaceTest {
    private static final java.net.Inet6Address FROM = Addresses.of("fd00:d5:71::1");
    private static final java.net.Inet6Address TO = Addresses.of("fd00:d5:71::2");

    @BeforeAll
    static void needsRoot() {
        assumeTrue(LibC.geteuid() == 0, "needs root (network namespaces, raw sockets, XFRM)");
    }

    @Test
    void aBypassingSocketSendsWhereAPolicyBlocksTheOthers() throws Exception {
        try (ScratchNamespace s = new ScratchNamespace("xbypass")) {
            for (String a : new String[] {"fd00:d5:71::1/128", "fd00:d5:71::2/128"}) {
                assertEquals(0, s.exec("ip", "-6", "addr", "add", a, "dev", "lo", "nodad"), a);
            }
            assertEquals(0, s.exec("ip", "-6", "xfrm", "policy", "add", "src", "fd00:d5:71::1/128", "dst", "fd00:d5:71::2/128",
                    "dir", "out", "action", "block"), "ip xfrm policy add ... action block (is xfrm_user there?)");
            try (MhSocket receiver = MhSocket.open(s.ns, TO);
                 MhSocket plain = MhSocket.open(s.ns, FROM);
                 MhSocket bypassing = MhSocket.open(s.ns, FROM)) {
                IOException blocked = assertThrows(IOException.class, () -> plain.send(new HomeTest(1, 11L, 12L), TO));
                assertTrue(blocked.getMessage().contains("Operation not permitted"), "the policy blocks it: " + blocked.getMessage());

                bypassing.bypassXfrmPolicies();
                bypassing.send(new HomeTest(2, 21L, 22L), TO);
                ReceivedHeader got = receiver.receive(Duration.ofSeconds(2));
                assertNotNull(got, "the bypassing socket's Home Test did not arrive");
                assertEquals(new HomeTest(2, 21L, 22L), got.decode(MobilityHeaderDecoder.strict()).orElseThrow());
                assertNull(receiver.receive(Duration.ofMillis(200)), "nothing else arrived");
            }
        }
    }
}
