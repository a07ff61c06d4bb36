package eu.xtreemos.ds.jmh;

import eu.xtreemos.ds.dsco.handoff.HandoffJournal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * dsco's handoff journal as a donor writes it: the three phases of one handoff (FREEZING, STEERED,
 * COMMITTED), in a directory under target/ (the disk the daemon's state.dir would be on).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@State(Scope.Thread)
public class JournalBench {
    private Path dir;
    private HandoffJournal journal;
    private InetAddress client;
    private long id;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "bnjmh-journal-");
        journal = new HandoffJournal(dir);
        client = InetAddress.getByName("fd00:d5:5b:2::a");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public void threePhasesOfOneHandoff() throws Exception {
        long now = System.currentTimeMillis();
        id++;
        journal.write(new HandoffJournal.Entry("demo", client, id, "server1", HandoffJournal.Phase.FREEZING, now));
        journal.write(new HandoffJournal.Entry("demo", client, id, "server1", HandoffJournal.Phase.STEERED, now));
        journal.write(new HandoffJournal.Entry("demo", client, id, "server1", HandoffJournal.Phase.COMMITTED, now));
    }
}
