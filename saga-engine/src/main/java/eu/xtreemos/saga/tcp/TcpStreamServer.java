package eu.xtreemos.saga.tcp;

import eu.xtreemos.saga.spi.StreamServerSupport;
import eu.xtreemos.saga.spi.MetricImpl;
import eu.xtreemos.saga.spi.Metrics;
import eu.xtreemos.saga.spi.NoPermissions;
import eu.xtreemos.saga.spi.SagaCall;
import eu.xtreemos.saga.spi.SagaObjectBase;
import eu.xtreemos.saga.spi.TaskImpl;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.session.Session;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.stream.StreamServer;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SocketChannel;

/**
 * A SAGA stream server on a plain listening TCP socket ({@code tcp://host:port}): {@link #serve} gives an OPEN
 * {@link ChannelStream} per accepted connection and fires {@value #STREAMSERVER_CLIENTCONNECT}. Its URL carries
 * the port it really listens on (the kernel's pick for port 0).
 */
final class TcpStreamServer extends SagaObjectBase implements StreamServerSupport,
        NoPermissions<StreamServer> {
    private final URL url;
    private final TcpListener listener;
    private final Metrics metrics = new Metrics(this);
    private final MetricImpl connectMetric;
    private volatile boolean closed;

    TcpStreamServer(Session session, URL asked, TcpUrl where) throws NoSuccessException {
        super(session);
        connectMetric = metrics.add(STREAMSERVER_CLIENTCONNECT, "a client connected", "ReadOnly", "1", "Trigger", "1");
        try {
            listener = new TcpListener(where.address());
        } catch (IOException e) {
            throw new NoSuccessException("stream server " + asked + ": cannot listen on " + where.address() + ": "
                    + e.getMessage(), e, this);
        }
        url = withPort(asked, where.address());
    }

    /** The URL asked for, with the port the listener got. */
    private URL withPort(URL asked, InetSocketAddress wanted) throws NoSuccessException {
        try {
            int port = listener.address().getPort();
            if (port == wanted.getPort()) {
                return asked;
            }
            URL u = (URL) asked.clone();
            u.setPort(port);
            return u;
        } catch (IOException | BadParameterException | CloneNotSupportedException e) {
            closeQuietly();
            throw new NoSuccessException("stream server " + asked + ": " + e.getMessage(), e, this);
        }
    }

    private void requireOpen(String call) throws IncorrectStateException {
        if (closed) {
            throw new IncorrectStateException(call + ": the stream server " + url + " is closed", this);
        }
    }

    @Override
    public URL getUrl() throws IncorrectStateException {
        requireOpen("getUrl");
        return url;
    }

    @Override
    public Stream serve() throws IncorrectStateException, NoSuccessException {
        return serve(-1f);
    }

    /** The next client's stream, OPEN; null if none connected within {@code timeoutInSeconds} (negative: no limit). */
    @Override
    public Stream serve(float timeoutInSeconds) throws IncorrectStateException, NoSuccessException {
        requireOpen("serve");
        try {
            SocketChannel ch = listener.accept(timeoutInSeconds);
            if (ch == null) {
                return null;
            }
            ChannelStream s = ChannelStream.served(sessionOrNull(), url, ch);
            connectMetric.fire("1");
            return s;
        } catch (ClosedSelectorException | ClosedChannelException e) {
            throw new IncorrectStateException("serve: the stream server " + url + " was closed", this);
        } catch (IOException e) {
            throw new NoSuccessException("serve on " + url + ": " + e.getMessage(), e, this);
        }
    }

    @Override
    public Stream connect() throws IncorrectStateException, TimeoutException, NoSuccessException {
        return connect(-1f);
    }

    @Override
    public Stream connect(float timeoutInSeconds) throws IncorrectStateException, TimeoutException, NoSuccessException {
        requireOpen("connect");
        InetSocketAddress to;
        try {
            InetSocketAddress at = listener.address();
            to = new InetSocketAddress(at.getAddress().isAnyLocalAddress() ? loopbackFor(at) : at.getAddress(), at.getPort());
        } catch (IOException e) {
            throw new NoSuccessException("connect to " + url + ": " + e.getMessage(), e, this);
        }
        ChannelStream s = new ChannelStream(sessionOrNull(), url, to);
        s.connect(timeoutInSeconds);
        return s;
    }

    /** A server listening on every address is reached through the loopback address of its family. */
    private static InetAddress loopbackFor(InetSocketAddress at) throws UnknownHostException {
        byte[] loopback = at.getAddress() instanceof Inet6Address ? new byte[16] : new byte[] {127, 0, 0, 0};
        loopback[loopback.length - 1] = 1;
        return InetAddress.getByAddress(loopback);
    }

    @Override
    public void close() {
        close(0f);
    }

    /** Stops listening; streams already served stay open. Closing twice does nothing. */
    @Override
    public void close(float timeoutInSeconds) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closeQuietly();
        metrics.close();
    }

    private void closeQuietly() {
        try {
            listener.close();
        } catch (IOException e) {
            // the listener is gone either way
        }
    }

    @Override
    public String permissionsNotice() {
        return "a tcp:// stream server is open to every client that reaches its port";
    }

    @Override
    public Metrics metrics() {
        return metrics;
    }

    @Override
    public <E> Task<StreamServer, E> taskOf(TaskMode mode, SagaCall<E> call) {
        return TaskImpl.create(mode, sessionOrNull(), this, call);
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        throw new CloneNotSupportedException("a stream server owns its listening socket");
    }

    @Override
    public String toString() {
        return "tcp stream server " + url + (closed ? " (closed)" : "");
    }
}
