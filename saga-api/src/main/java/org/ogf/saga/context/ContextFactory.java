package org.ogf.saga.context;

import org.ogf.saga.bootstrap.ImplementationBootstrapLoader;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.TimeoutException;

/** Creates security contexts, optionally of a given {@link Context#TYPE}. */
public abstract class ContextFactory {
    /** Implementations: a context of {@code type} (empty: no type yet). */
    protected abstract Context doCreateContext(String type) throws IncorrectStateException, TimeoutException,
            NoSuccessException;

    private static ContextFactory factory(String factoryName) throws NoSuccessException {
        return ImplementationBootstrapLoader.getContextFactory(factoryName);
    }

    public static Context createContext(String factoryName, String type) throws IncorrectStateException,
            TimeoutException, NoSuccessException {
        return factory(factoryName).doCreateContext(type == null ? "" : type);
    }

    public static Context createContext(String type) throws IncorrectStateException, TimeoutException,
            NoSuccessException {
        return createContext(null, type);
    }

    public static Context createContext() throws IncorrectStateException, TimeoutException, NoSuccessException {
        return createContext(null, "");
    }
}
