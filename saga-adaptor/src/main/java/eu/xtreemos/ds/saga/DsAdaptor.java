package eu.xtreemos.ds.saga;

import eu.xtreemos.saga.spi.StreamAdaptor;
import eu.xtreemos.saga.tcp.ChannelStream;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.session.Session;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.stream.StreamServer;
import org.ogf.saga.url.URL;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;

/**
 * The Distributed Servers stream adaptor, for {@code ds://} URLs (see {@link DsUrl}): a stream server is a
 * {@link eu.xtreemos.xosaga.DistributedServer} served through the local dsco daemon; a client stream is a
 * plain TCP connection to the service address.
 */
public final class DsAdaptor implements StreamAdaptor {
    @Override
    public String name() {
        return "Distributed Servers";
    }

    @Override
    public Set<String> schemes() {
        return Set.of(DsUrl.SCHEME);
    }

    @Override
    public Stream createStream(Session session, URL url) throws IncorrectURLException {
        DsUrl u = DsUrl.parse(url, session);
        return new ChannelStream(session, url, new InetSocketAddress(u.address(), u.port()));
    }

    @Override
    public StreamServer createStreamServer(Session session, URL url) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException {
        DsUrl u = DsUrl.parse(url, session);
        DscoClientGateway dsco;
        try {
            dsco = DscoClientGateway.connect(u.socket());
        } catch (IOException e) {
            throw rethrow(DscoErrors.toSaga(e, "ds server " + url, null));
        } catch (IllegalStateException e) {
            throw new NoSuccessException("ds server " + url + ": " + e.getMessage(), e);
        }
        try {
            return new DsServer(session, url, u, dsco);
        } catch (SagaException e) {
            dsco.close();
            throw rethrow(e);
        }
    }

    /** Narrows to the exceptions createStreamServer declares. */
    private static NoSuccessException rethrow(SagaException e) throws NotImplementedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, IncorrectURLException {
        if (e instanceof NotImplementedException x) throw x;
        if (e instanceof AuthorizationFailedException x) throw x;
        if (e instanceof PermissionDeniedException x) throw x;
        if (e instanceof BadParameterException x) throw x;
        if (e instanceof IncorrectURLException x) throw x;
        if (e instanceof NoSuccessException x) return x;
        return new NoSuccessException(e.getMessage(), e);
    }
}
