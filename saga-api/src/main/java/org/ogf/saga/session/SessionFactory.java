package org.ogf.saga.session;

import org.ogf.saga.bootstrap.ImplementationBootstrapLoader;
import org.ogf.saga.error.NoSuccessException;

/**
 * Creates sessions. {@code createSession(true)} (and {@code createSession()}) give the default session,
 * shared by every call that asks for it; {@code createSession(false)} gives a new, empty one. The variants
 * taking a factory name use that SAGA implementation class (see {@link ImplementationBootstrapLoader}).
 */
public abstract class SessionFactory {
    /** Implementations: creates a session (the default one when {@code defaults}). */
    protected abstract Session doCreateSession(boolean defaults) throws NoSuccessException;

    private static SessionFactory factory(String factoryName) throws NoSuccessException {
        return ImplementationBootstrapLoader.getSessionFactory(factoryName);
    }

    public static Session createSession(String factoryName, boolean defaults) throws NoSuccessException {
        return factory(factoryName).doCreateSession(defaults);
    }

    public static Session createSession(String factoryName) throws NoSuccessException {
        return createSession(factoryName, true);
    }

    public static Session createSession(boolean defaults) throws NoSuccessException {
        return createSession(null, defaults);
    }

    public static Session createSession() throws NoSuccessException {
        return createSession(null, true);
    }
}
