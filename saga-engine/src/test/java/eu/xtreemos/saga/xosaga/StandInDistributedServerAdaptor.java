package eu.xtreemos.saga.xosaga;

import eu.xtreemos.saga.spi.StreamAdaptor;
import eu.xtreemos.xosaga.DistributedServer;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.session.Session;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.stream.StreamServer;
import org.ogf.saga.url.URL;

import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * A stream adaptor for {@code standin://} whose stream servers are {@link DistributedServer}s that answer only
 * {@code getUrl} and {@code close}: what DistributedServerFactoryTest needs to see the engine hand a distributed
 * server through, without dsco.
 */
public final class StandInDistributedServerAdaptor implements StreamAdaptor {
    static final String SCHEME = "standin";

    @Override
    public String name() {
        return "stand-in distributed servers";
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public Stream createStream(Session session, URL url) throws NotImplementedException {
        throw new NotImplementedException("stand-in: no client streams");
    }

    @Override
    public StreamServer createStreamServer(Session session, URL url) {
        return (DistributedServer) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DistributedServer.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getUrl" -> url;
                    case "close" -> null;
                    case "toString" -> "stand-in distributed server " + url;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
