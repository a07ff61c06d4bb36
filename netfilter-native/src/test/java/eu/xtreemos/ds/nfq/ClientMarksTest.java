package eu.xtreemos.ds.nfq;

import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static eu.xtreemos.ds.nfq.Packets.ip;
import static org.junit.jupiter.api.Assertions.*;

/** The kernel's side of {@link ClientMarks}: sets, rules and marks as the kernel reports them (traffic: the HA's MarkSteeringTest). */
class ClientMarksTest {
    static ScratchNamespace scratch;
    static final InetAddress SVC6 = ip("fd00:d5:ee::200"), SVC4 = ip("10.213.0.200");

    @BeforeAll
    static void namespace() throws Exception {
        scratch = new ScratchNamespace("rmarks");
    }

    @AfterAll
    static void cleanup() throws Exception {
        if (scratch != null) {
            scratch.close();
        }
    }

    static List<String> mangleRules(String tool) throws Exception {
        List<String> out = new ArrayList<>();
        assertEquals(0, Testbed.run(out, "ip", "netns", "exec", scratch.name, tool, "-w", "-t", "mangle", "-S", "PREROUTING"));
        return out.stream().filter(l -> l.startsWith("-A")).toList();
    }

    @Test
    void marksAreSetChangedListedAndRemovedInBothFamilies() throws Exception {
        try (ClientMarks marks = ClientMarks.open(scratch.ns)) {
            marks.install(SVC6);
            marks.install(SVC6);
            marks.install(SVC4);
            List<String> r6 = mangleRules("ip6tables"), r4 = mangleRules("iptables");
            assertEquals(1, r6.size(), r6.toString());
            assertTrue(r6.get(0).contains("-d fd00:d5:ee::200/128"), r6.get(0));
            assertTrue(r6.get(0).contains("--map-set " + ClientMarks.setName(SVC6) + " src --map-mark"), r6.get(0));
            assertEquals(1, r4.size(), r4.toString());
            assertTrue(r4.get(0).contains("-d 10.213.0.200/32") && r4.get(0).contains("--map-set " + ClientMarks.setName(SVC4)), r4.get(0));

            InetAddress a = ip("fd00:d5:ee::a"), b = ip("fd00:d5:ee::b"), c4 = ip("10.213.0.10");
            assertEquals(Map.of(), marks.marks(SVC6));
            marks.mark(SVC6, a, 0x44530001);
            marks.mark(SVC6, b, 0x44530002);
            marks.mark(SVC6, a, 0x44530003); // re-marked in place
            marks.mark(SVC4, c4, 0xfffffffe);
            Map<InetAddress, Integer> expected = new LinkedHashMap<>();
            expected.put(a, 0x44530003);
            expected.put(b, 0x44530002);
            assertEquals(expected, marks.marks(SVC6));
            assertEquals(Map.of(c4, 0xfffffffe), marks.marks(SVC4), "all 32 bits of a mark survive");

            marks.unmark(SVC6, a);
            marks.unmark(SVC6, a); // not marked: not an error
            assertEquals(Map.of(b, 0x44530002), marks.marks(SVC6));

            assertThrows(IllegalArgumentException.class, () -> marks.mark(SVC6, c4, 1), "families differ");
            assertThrows(IllegalArgumentException.class, () -> marks.mark(SVC6, a, 0), "0 is no mark");
            assertEquals(Map.of(), marks.marks(ip("fd00:d5:ee::999")), "no set for that destination: nothing marked");
        }
        try (ClientMarks again = ClientMarks.open(scratch.ns)) {
            again.install(SVC6); // a restarted process keeps the marks in force
            assertEquals(Map.of(ip("fd00:d5:ee::b"), 0x44530002), again.marks(SVC6));
            again.uninstall(SVC6);
            again.uninstall(SVC4);
            assertEquals(List.of(), mangleRules("ip6tables"));
            assertEquals(List.of(), mangleRules("iptables"));
            assertEquals(Map.of(), again.marks(SVC6));
        }
    }

    @Test
    void aFullSetRefusesANewClientWithAClearError() throws Exception {
        InetAddress svc = ip("fd00:d5:ee::300");
        try (ClientMarks marks = ClientMarks.open(scratch.ns, 2)) {
            marks.install(svc);
            marks.mark(svc, ip("fd00:d5:ee::1"), 7);
            marks.mark(svc, ip("fd00:d5:ee::2"), 7);
            marks.mark(svc, ip("fd00:d5:ee::2"), 8); // re-marking a member needs no room
            IOException e = assertThrows(IOException.class, () -> marks.mark(svc, ip("fd00:d5:ee::3"), 7));
            assertTrue(e.getMessage().contains("holds 2 clients already"), e.getMessage());
            marks.uninstall(svc);
        }
    }
}
