package eu.xtreemos.ds.nfq;

import eu.xtreemos.ds.kernel.Errno;
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
            assertTrue(r6.get(0).contains("--match-set dsqt6 src") && r6.get(0).contains("NFQUEUE --queue-num 9")
                    && !r6.get(0).contains("bypass"), r6.get(0));
            assertTrue(r4.get(0).contains("--match-set dsqt4 src") && r4.get(0).contains("-d 10.213.0.100/32"), r4.get(0));

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

            // contains() asks the kernel's set, not a Java copy:
            try (IpSetNetlink other = scratch.ns.call(() -> IpSetNetlink.open(java.time.Duration.ofSeconds(5)))) {
                other.add("dsqt6", ip("fd00:d5:ee::9"));
            }
            assertTrue(set.contains(ip("fd00:d5:ee::9")));
            set.clear();
        } finally {
            set.uninstall();
            set.uninstall();
        }
        assertEquals(List.of(), rules("ip6tables"));
        assertEquals(List.of(), rules("iptables"));
        assertEquals(Set.of(), setsIn(scratch), "uninstall destroys the sets");
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
    void holdsFarMoreThanXtRecentsHundredClientsAndRefusesBeyondItsCapacityInsteadOfEvicting() throws Exception {
        InflightSet set = new InflightSet(scratch.ns, "dsqcap", 9, List.of(SVC6), 1000);
        try {
            set.install();
            assertEquals(1000, set.capacity());
            for (int i = 0; i < 1000; i++) {
                set.add(ip("fd00:d5:ee::1:" + Integer.toHexString(i)));
            }
            set.add(ip("fd00:d5:ee::1:0")); // already in: fine
            assertThrows(InflightSet.FullException.class, () -> set.add(ip("fd00:d5:ee::2:0")));
            assertEquals(1000, set.members().size());
            assertTrue(set.contains(ip("fd00:d5:ee::1:0")), "the first entry is still there");
            set.remove(ip("fd00:d5:ee::1:5"));
            set.add(ip("fd00:d5:ee::2:0")); // room again
            assertEquals(1000, set.members().size());
            assertFalse(set.contains(ip("fd00:d5:ee::1:5")));
        } finally {
            set.uninstall();
        }
    }

    @Test
    void changesFromAnotherThreadGoToTheNamespacesSet() throws Exception {
        InflightSet set = new InflightSet(scratch.ns, "dsqth", 9, List.of(SVC6));
        try {
            set.install();
            set.add(ip("fd00:d5:ee::42")); // this thread is in the root namespace, the set is not
            try (IpSetNetlink inNs = scratch.ns.call(() -> IpSetNetlink.open(java.time.Duration.ofSeconds(5)))) {
                assertEquals(Set.of(ip("fd00:d5:ee::42")), inNs.list("dsqth6"));
            }
            try (IpSetNetlink root = IpSetNetlink.open(java.time.Duration.ofSeconds(5))) {
                IpSetNetlink.IpSetException e = assertThrows(IpSetNetlink.IpSetException.class, () -> root.list("dsqth6"));
                assertEquals(Errno.ENOENT, e.code(), e.getMessage());
            }
        } finally {
            set.uninstall();
        }
    }

    @Test
    void badNamesAndCapacitiesAreRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InflightSet(scratch.ns, "a-name-much-longer-than-ipset-allows", 9, List.of(SVC6)));
        assertTrue(e.getMessage().contains("1-30"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new InflightSet(scratch.ns, "ok", 9, List.of(SVC6), 0));
        assertTrue(e.getMessage().contains("capacity"), e.getMessage());
    }

    /** The ipset names in a namespace (parsed from a netlink list of all sets). */
    static Set<String> setsIn(ScratchNamespace n) throws Exception {
        Set<String> names = new java.util.TreeSet<>();
        for (String candidate : List.of("dsqt4", "dsqt6", "dsqr6", "dsq6only6", "dsqcap6", "dsqth6")) {
            try (IpSetNetlink s = n.ns.call(() -> IpSetNetlink.open(java.time.Duration.ofSeconds(5)))) {
                s.list(candidate);
                names.add(candidate);
            } catch (IpSetNetlink.IpSetException e) {
                // absent
            }
        }
        return names;
    }
}
