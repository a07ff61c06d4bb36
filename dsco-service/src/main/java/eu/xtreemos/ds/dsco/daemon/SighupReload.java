package eu.xtreemos.ds.dsco.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

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

    static void install(ConfigReload reload) {
        Signal.handle(new Signal("HUP"), signal -> {
            try {
                reload.reload();
            } catch (RuntimeException e) {
                log.error("SIGHUP: reloading failed, nothing changed: {}", e.toString());
            }
        });
    }
}
