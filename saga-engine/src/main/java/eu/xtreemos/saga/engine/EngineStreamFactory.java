package eu.xtreemos.saga.engine;

import eu.xtreemos.saga.spi.StreamAdaptor;
import eu.xtreemos.saga.spi.TaskImpl;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.session.Session;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.stream.StreamFactory;
import org.ogf.saga.stream.StreamServer;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Streams and stream servers, each made by the adaptor of the URL's scheme. With the XOSAGA API on the class path
 * the engine uses its subclass {@link XosagaStreamFactory}, which makes distributed servers too.
 */
class EngineStreamFactory extends StreamFactory {
    private final List<StreamAdaptor> adaptors;

    EngineStreamFactory(List<StreamAdaptor> adaptors) {
        this.adaptors = adaptors;
    }

    private StreamAdaptor adaptorFor(URL url) throws IncorrectURLException, BadParameterException {
        if (url == null) {
            throw new BadParameterException("the stream URL is null");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        for (StreamAdaptor a : adaptors) {
            if (a.schemes().contains(scheme)) {
                return a;
            }
        }
        TreeSet<String> known = new TreeSet<>();
        adaptors.forEach(a -> known.addAll(a.schemes()));
        throw new IncorrectURLException("no stream adaptor handles '" + url + "'"
                + (known.isEmpty() ? ": no stream adaptor is on the class path (the engine's own is tcp://; the Distributed Servers one, ds://, is saga-adaptor)"
                : " (handled schemes: " + String.join(", ", known) + ")"));
    }

    private static Session orDefault(Session s) throws NoSuccessException {
        return s != null ? s : new EngineSessionFactory().doCreateSession(true);
    }

    @Override
    protected Stream doCreateStream(Session session, URL name) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException {
        return adaptorFor(name).createStream(orDefault(session), name);
    }

    @Override
    protected StreamServer doCreateStreamServer(Session session, URL name) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException {
        if (name == null || name.getString().isEmpty()) {
            // GFD.90 leaves the default server URL to the implementation; ours has none, since the URL's scheme is
            // what picks the adaptor (and a distributed server needs its service address).
            throw new BadParameterException("a stream server needs a URL: this implementation has no default one"
                    + " (give tcp://host:port for a plain TCP server, ds://[service address]:port for a distributed server)");
        }
        return adaptorFor(name).createStreamServer(orDefault(session), name);
    }

    @Override
    protected Task<StreamFactory, Stream> doCreateStream(TaskMode mode, Session session, URL name) {
        return TaskImpl.create(mode, session, this, () -> doCreateStream(session, name));
    }

    @Override
    protected Task<StreamFactory, StreamServer> doCreateStreamServer(TaskMode mode, Session session, URL name) {
        return TaskImpl.create(mode, session, this, () -> doCreateStreamServer(session, name));
    }
}
