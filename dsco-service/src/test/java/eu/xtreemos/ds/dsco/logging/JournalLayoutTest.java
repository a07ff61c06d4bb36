package eu.xtreemos.ds.dsco.logging;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalLayoutTest {
    @Test
    void levelsBecomeTheSyslogPrioritiesJournalctlFiltersOn() {
        assertEquals("<3>", SyslogPriority.prefix(Level.ERROR));
        assertEquals("<4>", SyslogPriority.prefix(Level.WARN));
        assertEquals("<6>", SyslogPriority.prefix(Level.INFO));
        assertEquals("<7>", SyslogPriority.prefix(Level.DEBUG));
        assertEquals("<7>", SyslogPriority.prefix(Level.TRACE));
    }

    @Test
    void journalStreamMustNameTheVeryFileStderrLeadsTo(@TempDir Path dir) throws Exception {
        Path stream = Files.createFile(dir.resolve("stream"));
        long dev = ((Number) Files.getAttribute(stream, "unix:dev")).longValue();
        long ino = ((Number) Files.getAttribute(stream, "unix:ino")).longValue();
        assertTrue(JournalStream.matches(dev + ":" + ino, stream));
        assertFalse(JournalStream.matches(dev + ":" + (ino + 1), stream), "inherited from a parent whose stderr went elsewhere");
        assertFalse(JournalStream.matches(null, stream), "not under systemd");
        assertFalse(JournalStream.matches("garbage", stream));
    }

    @Test
    void journalLinesHaveNoTimeStamp() {
        assertTrue(LinePattern.JOURNAL.startsWith("%syslogPriority"));
        assertFalse(LinePattern.JOURNAL.contains("%d"));
        assertTrue(LinePattern.TERMINAL.startsWith("%d"));
    }
}
