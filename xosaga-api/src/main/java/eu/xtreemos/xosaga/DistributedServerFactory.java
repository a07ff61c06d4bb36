package eu.xtreemos.xosaga;

import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.session.Session;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.stream.StreamFactory;
import org.ogf.saga.stream.StreamServer;
import org.ogf.saga.url.URL;

/**
 * Creates {@link DistributedServer}s: a stream server on a {@code ds://} URL
 * (for instance {@code ds://[fd00:5::1]:7000}) made through the SAGA stream factory, which picks the
 * Distributed Servers adaptor.
 */
public final class DistributedServerFactory {
    private DistributedServerFactory() {
    }

    /**
     * A distributed server on {@code url} in {@code session}.
     *
     * @throws NotImplementedException the adaptor for the URL's scheme has no Distributed Servers support
     */
    public static DistributedServer createDistributedServer(Session session, URL url) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException {
        StreamServer s = StreamFactory.createStreamServer(session, url);
        if (s instanceof DistributedServer d) {
            return d;
        }
        s.close();
        throw new NotImplementedException("the stream adaptor for '" + url + "' serves plain streams, not a distributed"
                + " server: use a ds:// URL");
    }

    /** A distributed server on {@code url} in the default session. */
    public static DistributedServer createDistributedServer(URL url) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException {
        return createDistributedServer(SessionFactory.createSession(true), url);
    }
}
