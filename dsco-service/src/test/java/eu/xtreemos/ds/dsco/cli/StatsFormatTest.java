package eu.xtreemos.ds.dsco.cli;

import eu.xtreemos.ds.dsco.api.HandoffPhase;
import eu.xtreemos.ds.dsco.api.HandoffTimings;
import eu.xtreemos.ds.dsco.metrics.DscoMetrics;
import eu.xtreemos.ds.dsco.metrics.HandoffResult;
import eu.xtreemos.ds.dsco.metrics.RefusalReason;
import eu.xtreemos.ds.dsco.metrics.StatsReport;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class StatsFormatTest {

    private static Map<String, String> stats() {
        DscoMetrics m = new DscoMetrics();
        m.handoff(HandoffResult.HANDED_OFF);
        m.handoff(HandoffResult.HANDED_OFF);
        m.refused(RefusalReason.UNKNOWN_NODE);
        m.phases(HandoffTimings.of(Map.of(HandoffPhase.FLUSH, 900_000L, HandoffPhase.PREPARE, 3_000_000L)));
        return StatsReport.of(m);
    }

    @Test
    void theTableHasOneLinePerGroupAndOneRowPerPhase() {
        String t = StatsFormat.table(stats());
        assertTrue(t.matches("(?s).*handoffs +handed_off 2 refused 1 failed 0 received 0 receive_failed 0\n.*"), t);
        assertTrue(t.matches("(?s).*refusals .*unknown_node 1.*"), t);
        assertTrue(t.matches("(?s).*phase +count +mean_ms +p50_ms +p90_ms +p99_ms\n.*"), t);
        assertTrue(t.matches("(?s).*\n  flush +1 +0\\.900 +1\\.024 +1\\.024 +1\\.024\n.*"), t);
        assertTrue(t.matches("(?s).*\n  prepare +1 +3\\.000 +4\\.096 +4\\.096 +4\\.096\n.*"), t);
        assertTrue(t.matches("(?s).*\n  hold +0 +- +- +- +-\n.*"), t);
        assertTrue(t.matches("(?s).*redirect +switches 0 bindings -\n.*"), t);
    }

    @Test
    void jsonNestsByTheDotsWithNumbersAsNumbers() {
        String j = StatsFormat.json(stats());
        assertTrue(j.startsWith("{\"handoffs\": {\"handed_off\": 2, \"refused\": 1,"), j);
        assertTrue(j.contains("\"flush\": {\"count\": 1, \"mean_ms\": 0.900, \"p50_ms\": 1.024, \"p90_ms\": 1.024, \"p99_ms\": 1.024}"), j);
        assertTrue(j.contains("\"hold\": {\"count\": 0, \"mean_ms\": null,"), j);
        assertTrue(j.contains("\"bindings\": null}"), j);
        assertEquals(count(j, '{'), count(j, '}'));
    }

    @Test
    void aKeyWithoutAGroupIsReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatsFormat.table(Map.of("oops", "1")));
        assertTrue(e.getMessage().contains("'oops'"), e.getMessage());
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }
}
