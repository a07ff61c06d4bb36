package eu.xtreemos.ds.soak;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ProcessFiguresTest {

    @Test
    void readsTheTotalOfAClassHistogram() {
        String h = """
                12345:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         10931         905144  [B (java.base@17.0.15)
                   2:          2263         279552  java.lang.Class (java.base@17.0.15)
                Total         61282        3145728
                """;
        assertEquals(3072, ProcessFigures.parseHistogramTotal(h));
        assertEquals(-1, ProcessFigures.parseHistogramTotal("12345:\ncom.sun.tools.attach.AttachNotSupportedException\n"));
    }

    @Test
    void measuresTheLiveHeapOfARunningJvm() {
        byte[] kept = new byte[8 << 20]; // 8 MiB that must show as live
        ProcessFigures f = ProcessFigures.of(ProcessHandle.current().pid(), 0, true);
        assertNotNull(f);
        assertTrue(f.fds() > 0 && f.rssKiB() > 0, f.toString());
        assertTrue(f.liveHeapKiB() >= 8 * 1024, "live heap should include the 8 MiB array: " + f);
        assertEquals(8 << 20, kept.length);
    }
}
