package eu.xtreemos.ds.dsco.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP re-reads the configuration ({@link ConfigReload}) instead of stopping dsco, the JVM's default. Through
 * {@code sun.misc.Signal} (module jdk.unsupported, kept accessible for this by JEP 260): the JDK has no supported
 * signal API, and a native handler (sigaction through JNA) would run Java code in a signal context, which is not
 * safe. The JVM runs the handler on a thread of its own, not in the signal context.
 */
final class SighupReload {
    private static final Logger log = LoggerFactory.getLogger(SighupReload.class);

    private SighupReload() {
    }

    /**
     * Installs the handler. A SIGHUP ignored when the JVM started (dsco run under nohup) stays ignored: the JVM keeps
     * the disposition and says so only by answering SIG_IGN as the old handler, so that is logged.
     *
     * @return whether SIGHUP now reloads
     */
    static boolean install(ConfigReload reload) {
        SignalHandler old = Signal.handle(new Signal("HUP"), signal -> {
            try {
                reload.reload();
            } catch (RuntimeException e) {
                log.error("SIGHUP: reloading failed, nothing changed: {}", e.toString());
            }
        });
        if (old == SignalHandler.SIG_IGN) {
            log.warn("SIGHUP was ignored when dsco started (run under nohup?): it does not re-read the configuration;"
                    + " start dsco with SIGHUP at its default (as systemd does) to reload by signal");
            return false;
        }
        return true;
    }
}
