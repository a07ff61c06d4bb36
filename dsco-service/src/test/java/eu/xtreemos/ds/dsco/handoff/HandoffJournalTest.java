package eu.xtreemos.ds.dsco.handoff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** The journal a donor keeps for crash recovery: what a restarted dsco reads back. */
class HandoffJournalTest {
    @TempDir
    Path dir;

    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void aRestartedDaemonFindsTheLastPhaseOfEveryClientStillInTheJournal() throws Exception {
        HandoffJournal j = new HandoffJournal(dir);
        InetAddress a = ip("fd00:d5:5a:2::1"), b = ip("10.90.2.7"), c = ip("fd00:d5:5a:2::3");
        j.write(new HandoffJournal.Entry("demo", a, 1, "server1", HandoffJournal.Phase.FREEZING, 100));
        j.write(new HandoffJournal.Entry("demo", a, 1, "server1", HandoffJournal.Phase.STEERED, 100));
        j.write(new HandoffJournal.Entry("web", b, 2, "server2", HandoffJournal.Phase.FREEZING, 200));
        j.write(new HandoffJournal.Entry("demo", c, 3, "server1", HandoffJournal.Phase.COMMITTED, 300));
        j.remove("demo", c);
        j.remove("demo", ip("fd00:d5:5a:2::99")); // never there: fine

        HandoffJournal again = new HandoffJournal(dir); // as after a crash: nothing was closed
        assertEquals(new HandoffJournal.Entry("demo", a, 1, "server1", HandoffJournal.Phase.STEERED, 100), again.read("demo", a));
        assertEquals(HandoffJournal.Phase.FREEZING, again.read("web", b).phase());
        assertNull(again.read("demo", c));
        assertNull(again.read("web", a), "entries are per service");
        assertEquals(Set.of(a, b), again.all().stream().map(HandoffJournal.Entry::client).collect(Collectors.toSet()));
    }

    @Test
    void aLineCutShortByACrashIsSkippedAndTheRestKept() throws Exception {
        HandoffJournal j = new HandoffJournal(dir);
        InetAddress a = ip("fd00:d5:5a:2::1");
        j.write(new HandoffJournal.Entry("demo", a, 7, "server1", HandoffJournal.Phase.FREEZING, 100));
        Files.writeString(dir.resolve("journal.log"), "demo fd0000d5005a00020000000000000001 7 serv", StandardOpenOption.APPEND);
        HandoffJournal again = new HandoffJournal(dir);
        assertEquals(HandoffJournal.Phase.FREEZING, again.read("demo", a).phase());
        again.write(new HandoffJournal.Entry("demo", a, 7, "server1", HandoffJournal.Phase.STEERED, 100));
        assertEquals(HandoffJournal.Phase.STEERED, new HandoffJournal(dir).read("demo", a).phase());
    }

    @Test
    void entriesLeftInTheFormerFilePerClientFormatAreTakenOver() throws Exception {
        InetAddress a = ip("fd00:d5:5a:2::1");
        Files.writeString(dir.resolve("demo_fd0000d5005a00020000000000000001.handoff"), "42 server2 STEERED 1234\n");
        HandoffJournal j = new HandoffJournal(dir);
        assertEquals(new HandoffJournal.Entry("demo", a, 42, "server2", HandoffJournal.Phase.STEERED, 1234), j.read("demo", a));
        try (var s = Files.list(dir)) {
            assertEquals(List.of("journal.log"), s.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(42, new HandoffJournal(dir).read("demo", a).id());
    }

    @Test
    void theLogStaysSmallOverManyHandoffs() throws Exception {
        HandoffJournal j = new HandoffJournal(dir);
        InetAddress a = ip("fd00:d5:5a:2::1");
        for (int i = 0; i < 30_000; i++) {
            j.write(new HandoffJournal.Entry("demo", a, i, "server1", HandoffJournal.Phase.FREEZING, i));
            j.write(new HandoffJournal.Entry("demo", a, i, "server1", HandoffJournal.Phase.COMMITTED, i));
            j.remove("demo", a);
        }
        j.write(new HandoffJournal.Entry("demo", a, -1, "server1", HandoffJournal.Phase.STEERED, 5));
        assertTrue(Files.size(dir.resolve("journal.log")) < 2_000_000, Files.size(dir.resolve("journal.log")) + " bytes");
        assertEquals(-1, new HandoffJournal(dir).read("demo", a).id());
    }
}
