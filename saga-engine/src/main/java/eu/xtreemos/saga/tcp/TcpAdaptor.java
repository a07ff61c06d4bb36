package eu.xtreemos.saga.tcp;

import eu.xtreemos.saga.spi.StreamAdaptor;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.session.Session;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.stream.StreamServer;
import org.ogf.saga.url.URL;

import java.util.Set;

/**
 * Plain SAGA streams over kernel TCP, for {@code tcp://host:port} URLs: a client {@link ChannelStream} and a
 * {@link TcpStreamServer}. Needs nothing but the JDK, so stream code runs on any machine; the engine registers it
 * (META-INF/services).
 */
public final class TcpAdaptor implements StreamAdaptor {
    @Override
    public String name() {
        return "TCP";
    }

    @Override
    public Set<String> schemes() {
        return Set.of(TcpUrl.SCHEME);
    }

    @Override
    public Stream createStream(Session session, URL url) throws IncorrectURLException {
        return new ChannelStream(session, url, TcpUrl.parse(url, false).address());
    }

    @Override
    public StreamServer createStreamServer(Session session, URL url) throws IncorrectURLException, NoSuccessException {
        return new TcpStreamServer(session, url, TcpUrl.parse(url, true));
    }
}
