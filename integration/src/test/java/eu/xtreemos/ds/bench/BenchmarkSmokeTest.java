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
    void handoffBenchmarkRunsEveryScenario(@org.junit.jupiter.api.io.TempDir java.nio.file.Path out) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(eu.xtreemos.ds.testbed.NamespaceTestbed.exists("bnsm"),
                "testbed bnsm exists: another run of this test is using it");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(new java.io.OutputStream() { // to the log and to the checks
            @Override
            public void write(int b) {
                System.out.write(b);
                bytes.write(b);
            }
        }, true);
        assertEquals(0, new CommandLine(new HandoffBenchmark(print)).execute("--smoke", "--name", "bnsm", "--site", "91",
                "--out", out.toString()));
        String printed = bytes.toString();
        for (String scenario : HandoffBenchmark.ALL) {
            assertTrue(printed.contains("## " + scenario), "scenario " + scenario + " ran");
        }
        assertTrue(printed.contains("no error"), "the redistributed clients' bytes were checked:\n" + printed);
        assertTrue(java.nio.file.Files.exists(out.resolve("connections-gap.png")), "plots written");
    }

    @Test
    void failoverBenchmarkRuns() {
        assertEquals(0, new CommandLine(new FailoverBenchmark()).execute("--trials", "1"));
    }
}
