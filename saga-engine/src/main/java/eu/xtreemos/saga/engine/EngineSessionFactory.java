package eu.xtreemos.saga.engine;

import org.ogf.saga.session.Session;
import org.ogf.saga.session.SessionFactory;

/** Sessions: one shared default session, or new empty ones. */
final class EngineSessionFactory extends SessionFactory {
    private static final Session DEFAULT = new SessionImpl();

    @Override
    protected Session doCreateSession(boolean defaults) {
        return defaults ? DEFAULT : new SessionImpl();
    }
}
