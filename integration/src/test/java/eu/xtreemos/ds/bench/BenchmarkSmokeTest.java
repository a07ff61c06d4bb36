package eu.xtreemos.ds.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The benchmark mains in a few iterations, so they keep working; no figure is asserted. */
// Minutes: each benchmark main runs whole testbeds (every scenario of the handoff benchmark took 210 s in a whole
// build at a load of 6-15).
@Timeout(value = 15, unit = TimeUnit.MINUTES)
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
    void handoffBenchmarkRunsWithRouteOptimization(@org.junit.jupiter.api.io.TempDir java.nio.file.Path out) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(bytes, true);
        int exit = new CommandLine(new HandoffBenchmark(print)).execute("--smoke", "--redirect", "ro", "--scenarios",
                "single,connections,concurrent", "--name", "rbro", "--site", "81", "--out", out.toString());
        String printed = bytes.toString();
        System.out.print(printed);
        assertEquals(0, exit, printed);
        assertTrue(printed.contains("redirect: route optimization"), printed);
        assertTrue(printed.contains("skipped with --redirect ro"), "concurrent is skipped, saying why:\n" + printed);
        assertFalse(printed.contains("FAILED"), printed);
        String single = java.nio.file.Files.readString(out.resolve("single.csv"));
        assertTrue(single.contains("ro, hold, flush"), single);
        String connections = java.nio.file.Files.readString(out.resolve("connections.csv"));
        assertEquals(3, connections.lines().count(), "a header and two points (1 and 10 connections, a correspondent for each client):\n"
                + connections);
    }

    @Test
    void failoverBenchmarkRuns() {
        assertEquals(0, new CommandLine(new FailoverBenchmark()).execute("--trials", "1"));
    }
}
