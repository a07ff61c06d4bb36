package eu.xtreemos.ds.jmh;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every JMH benchmark once, briefly, in this JVM: they keep working. No figure is asserted. */
class JmhSmokeTest {
    @Test
    void everyBenchmarkRunsAndMeasuresSomething() throws Exception {
        assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0, "needs root (namespaces, TCP_REPAIR)");
        Options o = new OptionsBuilder().include("eu\\.xtreemos\\.ds\\.jmh\\..*").forks(0).warmupIterations(0)
                .measurementIterations(1).measurementTime(TimeValue.milliseconds(200)).shouldFailOnError(true).build();
        Collection<RunResult> results = new Runner(o).run();
        Set<String> ran = new TreeSet<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            ran.add(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1));
            assertTrue(r.getPrimaryResult().getSampleCount() > 0, name + " measured nothing");
        }
        assertEquals(Set.of("NetlinkBench.inflightAddRemove", "NetlinkBench.routeSwitch", "SecureChannelBench.newLinkHandshake",
                "SecureChannelBench.sealSendReceiveOpen", "SocketEngineBench.decode", "SocketEngineBench.encode",
                "SocketEngineBench.freezeDumpUnfreeze", "SocketRestoreBench.restoreActivate", "JournalBench.threePhasesOfOneHandoff"), ran);
    }
}
