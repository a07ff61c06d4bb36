package org.ogf.saga.url;

import org.ogf.saga.bootstrap.ImplementationBootstrapLoader;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.NoSuccessException;

/** Creates URLs; {@link BadParameterException} names what is wrong with a string that does not parse. */
public abstract class URLFactory {
    /** Implementations: parses {@code url}. */
    protected abstract URL doCreateURL(String url) throws BadParameterException, NoSuccessException;

    private static URLFactory factory(String factoryName) throws NoSuccessException {
        return ImplementationBootstrapLoader.getURLFactory(factoryName);
    }

    public static URL createURL(String factoryName, String url) throws BadParameterException, NoSuccessException {
        return factory(factoryName).doCreateURL(url);
    }

    public static URL createURL(String url) throws BadParameterException, NoSuccessException {
        return createURL(null, url);
    }
}
