package eu.xtreemos.ds.dsco.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %syslogPriority}: the event's level as the {@code <N>} prefix journald reads (sd-daemon(3)). */
public final class SyslogPriority extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return prefix(event.getLevel());
    }

    static String prefix(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> "<3>";
            case Level.WARN_INT -> "<4>";
            case Level.INFO_INT -> "<6>";
            default -> "<7>";
        };
    }
}
