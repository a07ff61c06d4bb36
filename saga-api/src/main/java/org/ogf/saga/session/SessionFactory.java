package org.ogf.saga.session;

import org.ogf.saga.bootstrap.ImplementationBootstrapLoader;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;

/**
 * Creates sessions. {@code createSession(true)} (and {@code createSession()}) give the default session,
 * shared by every call that asks for it; {@code createSession(false)} gives a new, empty one. The variants
 * taking a factory name use that SAGA implementation class (see {@link ImplementationBootstrapLoader}).
 */
public abstract class SessionFactory {
    /** Implementations: creates a session (the default one when {@code defaults}). */
    protected abstract Session doCreateSession(boolean defaults) throws NotImplementedException, NoSuccessException;

    private static SessionFactory factory(String factoryName) throws NotImplementedException, NoSuccessException {
        return ImplementationBootstrapLoader.getSessionFactory(factoryName);
    }

    public static Session createSession(String factoryName, boolean defaults) throws NotImplementedException, NoSuccessException {
        return factory(factoryName).doCreateSession(defaults);
    }

    public static Session createSession(String factoryName) throws NotImplementedException, NoSuccessException {
        return createSession(factoryName, true);
    }

    public static Session createSession(boolean defaults) throws NotImplementedException, NoSuccessException {
        return createSession(null, defaults);
    }

    public static Session createSession() throws NotImplementedException, NoSuccessException {
        return createSession(null, true);
    }
}
