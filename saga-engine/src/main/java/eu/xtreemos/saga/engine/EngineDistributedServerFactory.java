package eu.xtreemos.saga.engine;

import eu.xtreemos.saga.spi.TaskImpl;
import eu.xtreemos.xosaga.DistributedServer;
import eu.xtreemos.xosaga.DistributedServerFactory;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.session.Session;
import org.ogf.saga.stream.StreamServer;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

/** XOSAGA distributed servers: the stream server of the URL's adaptor, if that adaptor serves distributed servers. */
final class EngineDistributedServerFactory extends DistributedServerFactory {
    private final EngineStreamFactory streams;

    EngineDistributedServerFactory(EngineStreamFactory streams) {
        this.streams = streams;
    }

    @Override
    protected DistributedServer doCreateDistributedServer(Session session, URL url) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException {
        StreamServer s = streams.doCreateStreamServer(session, url);
        if (s instanceof DistributedServer d) {
            return d;
        }
        s.close();
        throw new NotImplementedException("the stream adaptor for '" + url + "' serves plain streams, not a distributed"
                + " server: use a ds:// URL");
    }

    @Override
    protected Task<DistributedServerFactory, DistributedServer> doCreateDistributedServer(TaskMode mode,
            Session session, URL url) {
        return TaskImpl.create(mode, session, this, () -> doCreateDistributedServer(session, url));
    }
}
