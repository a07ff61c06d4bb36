package eu.xtreemos.ds.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** The benchmark mains in a few iterations, so they keep working; no figure is asserted but that the floor is positive. */
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
        assertFloorPrinted(printed);
        String single = java.nio.file.Files.readString(out.resolve("single.csv"));
        assertTrue(single.lines().findFirst().orElseThrow().endsWith(",note,floor_ms,gap_median_floors,gap_p99_floors,load1"), single);
    }

    /** The floor line, with positive parts and total, and every series' gap as a multiple of it. */
    private static void assertFloorPrinted(String printed) {
        Matcher m = Pattern.compile("floor: round trip between the nodes' namespaces ([0-9.]+) / ([0-9.]+) ms \\(median / p99, n=\\d+\\); "
                + "per connection freeze\\+dump ([0-9.]+) ms, restore\\+activate ([0-9.]+) ms \\(median\\); one connection: .* = ([0-9.]+) ms; "
                + "load \\S+ \\S+ \\S+").matcher(printed);
        assertTrue(m.find(), "the floor printed with the load:\n" + printed);
        for (int g = 1; g <= 5; g++) {
            assertTrue(Double.parseDouble(m.group(g)) > 0, "part " + g + " of the floor positive: " + m.group());
        }
        // "×", or "?" where the default charset has no such character
        assertTrue(Pattern.compile("gap ms [0-9.]+ / [0-9.]+ / [0-9.]+ +\\([×?][0-9.]+ / [×?][0-9.]+ of floor [0-9.]+ ms\\)")
                        .matcher(printed).find(),
                "a gap as a multiple of the floor:\n" + printed);
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
        assertFloorPrinted(printed);
        String single = java.nio.file.Files.readString(out.resolve("single.csv"));
        assertTrue(single.contains("ro, hold, no flush"), single);
        String connections = java.nio.file.Files.readString(out.resolve("connections.csv"));
        assertEquals(3, connections.lines().count(), "a header and two points (1 and 10 connections, a correspondent for each client):\n"
                + connections);
    }

    @Test
    void failoverBenchmarkRuns() {
        assertEquals(0, new CommandLine(new FailoverBenchmark()).execute("--trials", "1"));
    }
}
