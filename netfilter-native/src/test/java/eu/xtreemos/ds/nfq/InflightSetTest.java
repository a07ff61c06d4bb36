package eu.xtreemos.ds.nfq;

import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static eu.xtreemos.ds.nfq.Packets.ip;
import static org.junit.jupiter.api.Assertions.*;

class InflightSetTest {
    static ScratchNamespace scratch;
    static final InetAddress SVC6 = ip("fd00:d5:ee::100"), SVC4 = ip("10.213.0.100");

    @BeforeAll
    static void namespace() throws Exception {
        scratch = new ScratchNamespace("dsqset");
        assertEquals(0, scratch.exec("ip", "addr", "add", "fd00:d5:ee::100/128", "dev", "lo", "nodad"));
        assertEquals(0, scratch.exec("ip", "addr", "add", "10.213.0.100/32", "dev", "lo"));
    }

    @AfterAll
    static void cleanup() throws Exception {
        if (scratch != null) {
            scratch.close();
        }
    }

    static List<String> rules(String tool) throws Exception {
        List<String> out = new ArrayList<>();
        assertEquals(0, Testbed.run(out, "ip", "netns", "exec", scratch.name, tool, "-w", "-S", "INPUT"));
        return out.stream().filter(l -> l.startsWith("-A")).toList();
    }

    @Test
    void addRemoveContainsBothFamiliesIdempotently() throws Exception {
        InflightSet set = new InflightSet(scratch.ns, "dsqt", 9, List.of(SVC6, SVC4));
        try {
            set.install();
            set.install();
            List<String> r6 = rules("ip6tables"), r4 = rules("iptables");
            assertEquals(1, r6.size(), r6.toString());
            assertEquals(1, r4.size(), r4.toString());
            assertTrue(r6.get(0).contains("--name dsqt6") && r6.get(0).contains("NFQUEUE --queue-num 9")
                    && r6.get(0).contains("--rcheck") && r6.get(0).contains("--rsource")
                    && !r6.get(0).contains("bypass"), r6.get(0));
            assertTrue(r4.get(0).contains("--name dsqt4") && r4.get(0).contains("-d 10.213.0.100/32"), r4.get(0));

            InetAddress c6 = ip("fd00:d5:ee::1"), c4 = ip("10.213.0.1");
            assertFalse(set.contains(c6));
            set.add(c6);
            set.add(c6);
            assertTrue(set.contains(c6));
            assertFalse(set.contains(c4));
            set.add(c4);
            set.add(c4);
            assertTrue(set.contains(c4));
            assertEquals(Set.of(c6, c4), set.members());
            set.remove(c6);
            set.remove(c6);
            assertFalse(set.contains(c6));
            assertTrue(set.contains(c4));
            set.remove(ip("fd00:d5:ee::77")); // never added: fine
            set.clear();
            assertEquals(Set.of(), set.members());

            // contains() reads the kernel's list, not a Java copy:
            assertEquals(0, scratch.exec("sh", "-c", "echo +fd00:d5:ee::9 > /proc/thread-self/net/xt_recent/dsqt6"));
            assertTrue(set.contains(ip("fd00:d5:ee::9")));
            set.clear();
        } finally {
            set.uninstall();
            set.uninstall();
        }
        assertEquals(List.of(), rules("ip6tables"));
        assertEquals(List.of(), rules("iptables"));
        assertThrows(IllegalStateException.class, () -> set.add(ip("fd00:d5:ee::1")));
    }

    @Test
    void listsFromAnEarlierRunAreClearedAtInstall() throws Exception {
        InflightSet first = new InflightSet(scratch.ns, "dsqr", 9, List.of(SVC6));
        first.install();
        first.add(ip("fd00:d5:ee::1"));
        InflightSet second = new InflightSet(scratch.ns, "dsqr", 9, List.of(SVC6)); // a restarted daemon
        try {
            second.install();
            assertEquals(1, rules("ip6tables").size());
            assertEquals(Set.of(), second.members());
        } finally {
            second.uninstall();
        }
    }

    @Test
    void aFamilyWithoutServiceAddressIsRefused() throws Exception {
        InflightSet set = new InflightSet(scratch.ns, "dsq6only", 9, List.of(SVC6));
        try {
            set.install();
            assertTrue(rules("iptables").isEmpty());
            assertThrows(IllegalArgumentException.class, () -> set.add(ip("10.213.0.1")));
        } finally {
            set.uninstall();
        }
    }

    @Test
    void refusesToGrowBeyondTheKernelsListSizeInsteadOfEvicting() throws Exception {
        InflightSet set = new InflightSet(scratch.ns, "dsqcap", 9, List.of(SVC6));
        try {
            set.install();
            int cap = set.capacity();
            assertTrue(cap > 0);
            for (int i = 0; i < cap; i++) {
                set.add(ip("fd00:d5:ee::1:" + Integer.toHexString(i)));
            }
            set.add(ip("fd00:d5:ee::1:0")); // already in: fine
            assertThrows(InflightSet.FullException.class, () -> set.add(ip("fd00:d5:ee::2:0")));
            assertEquals(cap, set.members().size());
            assertTrue(set.contains(ip("fd00:d5:ee::1:0")), "the oldest entry is still there");
            set.remove(ip("fd00:d5:ee::1:5"));
            set.add(ip("fd00:d5:ee::2:0")); // room again
            assertEquals(cap, set.members().size());
        } finally {
            set.uninstall();
        }
    }

    @Test
    void changesFromAnotherThreadGoToTheNamespacesList() throws Exception {
        InflightSet set = new InflightSet(scratch.ns, "dsqth", 9, List.of(SVC6));
        try {
            set.install();
            set.add(ip("fd00:d5:ee::42")); // this thread is in the root namespace, the list is not
            List<String> out = new ArrayList<>();
            assertEquals(0, Testbed.run(out, "ip", "netns", "exec", scratch.name, "cat", "/proc/net/xt_recent/dsqth6"));
            assertTrue(out.size() == 1 && out.get(0).startsWith("src=fd00:00d5:00ee:0000:0000:0000:0000:0042"), out.toString());
            assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("/proc/thread-self/net/xt_recent/dsqth6")));
        } finally {
            set.uninstall();
        }
    }
}
