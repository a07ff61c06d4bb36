package eu.xtreemos.saga.engine;

import org.ogf.saga.bootstrap.SagaProperties;
import org.ogf.saga.error.NotImplementedException;

/**
 * The answer to an application that uses a package of the SAGA binding this implementation does not provide:
 * a {@link NotImplementedException} that names the package, says what this implementation is for, and how to
 * use another implementation for that package.
 */
final class Unprovided {
    private Unprovided() {
    }

    static NotImplementedException notImplemented(String pkg, String what) {
        return new NotImplementedException("this SAGA implementation (Distributed Servers) does not provide package "
                + pkg + " (" + what + "): it provides sessions, contexts, URLs, buffers, attributes, monitoring, tasks,"
                + " permissions and streams, with the XOSAGA Distributed Servers extension; for " + pkg
                + " use another SAGA implementation, named by -D" + SagaProperties.FACTORY
                + " or the factory-name argument of the factory call");
    }
}
