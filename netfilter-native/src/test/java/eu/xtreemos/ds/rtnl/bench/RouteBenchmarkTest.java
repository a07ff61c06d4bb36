package eu.xtreemos.ds.rtnl.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keeps the benchmark main working: a short run, every row printed. */
class RouteBenchmarkTest {
    @Test
    void shortRunPrintsEveryRow() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        RouteBenchmark.run(50, 2, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("replaceRoute IPv6 src-specific, ifindex"), out);
        assertTrue(out.contains("spawn: ip"), out);
        assertTrue(out.contains(eu.xtreemos.ds.probe.KernelProbe.has(eu.xtreemos.ds.probe.Capability.SRV6)
                ? "replaceSeg6Route inline, 1 segment" : "replaceSeg6Route inline: not measured: SRv6"), out);
        assertTrue(out.contains("final route: fd00:d5:ef:5::1/128 from fd00:d5:ef:2::a/128 via fd00:d5:ef:1::"), out);
    }
}
