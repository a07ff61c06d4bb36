package eu.xtreemos.ds.bench;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.*;

/** The benchmark mains in a few iterations, so they keep working; no figure is asserted. */
class BenchmarkSmokeTest {

    @Test
    void socketEngineBenchmarkRuns() {
        assertEquals(0, new CommandLine(new SocketEngineBenchmark()).execute("--connections", "5", "--queued", "0,16384", "--rounds", "1"));
    }

    @Test
    void redirectBenchmarkRuns() {
        assertEquals(0, new CommandLine(new RedirectBenchmark()).execute("--handoffs", "2"));
    }

    @Test
    void failoverBenchmarkRuns() {
        assertEquals(0, new CommandLine(new FailoverBenchmark()).execute("--trials", "1"));
    }
}
