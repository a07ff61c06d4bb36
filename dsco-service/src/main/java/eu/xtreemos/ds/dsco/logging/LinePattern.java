package eu.xtreemos.ds.dsco.logging;

import ch.qos.logback.core.PropertyDefinerBase;

/**
 * The log line's layout (logback.xml's {@code linePattern}). To the journal: no time stamp (the journal has one) and a
 * {@code <N>} syslog priority first, which journald turns into the entry's priority, so {@code journalctl -p warning}
 * shows warnings and errors. Elsewhere (a terminal, a file): the time first.
 */
public final class LinePattern extends PropertyDefinerBase {
    static final String JOURNAL = "%syslogPriority%-5level [%thread] %logger{24} - %msg%n";
    static final String TERMINAL = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";

    @Override
    public String getPropertyValue() {
        return JournalStream.isStderr() ? JOURNAL : TERMINAL;
    }
}
