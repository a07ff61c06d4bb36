package eu.xtreemos.saga.engine;

import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.url.URL;
import org.ogf.saga.url.URLFactory;

/** URLs parsed by {@link UrlImpl}. */
final class EngineURLFactory extends URLFactory {
    @Override
    protected URL doCreateURL(String url) throws BadParameterException {
        return new UrlImpl(url);
    }
}
