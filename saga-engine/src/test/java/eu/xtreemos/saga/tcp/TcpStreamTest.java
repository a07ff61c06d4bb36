package eu.xtreemos.saga.tcp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ogf.saga.buffer.Buffer;
import org.ogf.saga.buffer.BufferFactory;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.monitoring.Metric;
import org.ogf.saga.session.Session;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.stream.Activity;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.stream.StreamFactory;
import org.ogf.saga.stream.StreamServer;
import org.ogf.saga.stream.StreamState;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;
import org.ogf.saga.url.URLFactory;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plain SAGA streams over {@code tcp://}, in the manner of the reference implementation's stream adaptor tests
 * (connect, read, write, close, waitFor, metrics, serve with a timeout), through the SAGA factories only: the engine
 * picks the adaptor by the URL's scheme. Real kernel sockets on the loopback address.
 */
class TcpStreamTest {
    private Session session;
    private StreamServer server;
    private URL url;

    @BeforeEach
    void serve() throws Exception {
        session = SessionFactory.createSession(false);
        server = StreamFactory.createStreamServer(session, URLFactory.createURL("tcp://[::1]:0"));
        url = server.getUrl();
    }

    @AfterEach
    void close() throws Exception {
        server.close();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Stream connected() throws Exception {
        Stream s = StreamFactory.createStream(session, url);
        assertEquals(StreamState.NEW, s.getState());
        s.connect(5f);
        assertEquals(StreamState.OPEN, s.getState());
        return s;
    }

    private static String attribute(Metric m, String key) {
        try {
            return m.getAttribute(key);
        } catch (SagaException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    private static byte[] readExactly(Stream s, int n) throws Exception {
        byte[] out = new byte[n];
        int got = 0;
        Buffer b = BufferFactory.createBuffer(4096);
        s.setAttribute(Stream.TIMEOUT, "10");
        while (got < n) {
            int r = s.read(b, Math.min(4096, n - got));
            assertTrue(r > 0, "the other side closed after " + got + " of " + n + " bytes");
            System.arraycopy(b.getData(), 0, out, got, r);
            got += r;
        }
        return out;
    }

    @Test
    void theServerUrlCarriesThePortTheKernelPicked() throws Exception {
        assertEquals("tcp", url.getScheme());
        assertTrue(url.getPort() > 0, url.getString());
    }

    @Test
    void connectingWhereNobodyListensIsNoSuccessAndLeavesTheStreamInError() throws Exception {
        Stream s = StreamFactory.createStream(session, URLFactory.createURL("tcp://[::1]:" + freePort()));
        assertThrows(NoSuccessException.class, () -> s.connect(5f));
        assertEquals(StreamState.ERROR, s.getState());
        assertThrows(IncorrectStateException.class, () -> s.connect(5f), "a failed stream cannot connect again");
        assertEquals(Activity.EXCEPTION.getValue(), s.waitFor(Activity.EXCEPTION.getValue(), 0f));
    }

    @Test
    void aClientThatConnectsAndClosesWithoutWritingIsSeenAsDropped() throws Exception {
        Stream client = connected();
        Stream served = server.serve(5f);
        assertNotNull(served);
        assertEquals(StreamState.OPEN, served.getState());
        client.close();
        assertEquals(StreamState.CLOSED, client.getState());
        served.setAttribute(Stream.TIMEOUT, "10");
        assertEquals(0, served.read(BufferFactory.createBuffer(16)), "a read at the end of the stream gives 0");
        assertEquals(StreamState.DROPPED, served.getState());
        assertThrows(IncorrectStateException.class, () -> served.read(BufferFactory.createBuffer(16)));
        served.close();
    }

    @Test
    void whatOneSideWritesTheOtherReadsInOrderAndThenTheEnd() throws Exception {
        Stream client = connected();
        Stream served = server.serve(5f);
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + i / 251);
        }
        Task<Stream, Integer> writing = served.write(TaskMode.ASYNC, BufferFactory.createBuffer(big));
        assertArrayEquals(big, readExactly(client, big.length), "more than a socket buffer, in order");
        assertEquals(big.length, writing.getResult(), "a blocking write writes all of it");

        byte[] hello = "hello over tcp".getBytes(StandardCharsets.UTF_8);
        assertEquals(hello.length, client.write(BufferFactory.createBuffer(hello)));
        assertEquals(1000, client.write(BufferFactory.createBuffer(new byte[1000])));
        assertArrayEquals(hello, readExactly(served, hello.length));
        assertEquals(1000, readExactly(served, 1000).length);

        served.close();
        client.setAttribute(Stream.TIMEOUT, "10");
        assertEquals(0, client.read(BufferFactory.createBuffer(16)));
        assertEquals(StreamState.DROPPED, client.getState());
        client.close();
    }

    @Test
    void waitForSaysWhatTheStreamIsReadyForAndWaitsNoLongerThanAsked() throws Exception {
        Stream client = connected();
        Stream served = server.serve(5f);
        assertEquals(Activity.WRITE.getValue(), client.waitFor(Activity.WRITE.getValue(), 5f), "a fresh connection can be written");
        long t0 = System.nanoTime();
        assertEquals(0, client.waitFor(Activity.READ.or(Activity.EXCEPTION), 0.5f), "nothing to read yet");
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(waitedMs >= 400 && waitedMs < 5000, "waited " + waitedMs + " ms for 0.5 s");

        served.write(BufferFactory.createBuffer(new byte[] {42}));
        assertEquals(Activity.READ.getValue(), client.waitFor(Activity.READ.getValue(), 5f));
        int both = client.waitFor(Activity.READ.or(Activity.WRITE), 5f);
        assertTrue(Activity.READ.isSet(both) && Activity.WRITE.isSet(both), "readable and writable: " + both);
        assertArrayEquals(new byte[] {42}, readExactly(client, 1));
        client.close();
        assertThrows(IncorrectStateException.class, () -> client.waitFor(Activity.READ.getValue(), 0f));
        served.close();
    }

    @Test
    void metricCallbacksFireForReadWriteStateAndClientConnect() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        server.addCallback(StreamServer.STREAMSERVER_CLIENTCONNECT, (mt, m, ctx) -> events.add("connect"));
        Stream client = StreamFactory.createStream(session, url);
        for (String name : List.of(Stream.STREAM_READ, Stream.STREAM_WRITE, Stream.STREAM_STATE, Stream.STREAM_DROPPED)) {
            client.addCallback(name, (mt, m, ctx) -> {
                events.add(attribute(m, Metric.NAME) + (name.equals(Stream.STREAM_STATE) ? "=" + attribute(m, Metric.VALUE) : ""));
                return true;
            });
        }
        assertEquals(List.of(Stream.STREAM_DROPPED, Stream.STREAM_EXCEPTION, Stream.STREAM_READ, Stream.STREAM_STATE,
                Stream.STREAM_WRITE).stream().sorted().toList(), Arrays.stream(client.listMetrics()).sorted().toList());
        client.connect(5f);
        Stream served = server.serve(5f);
        client.waitFor(Activity.WRITE.getValue(), 5f);
        served.write(BufferFactory.createBuffer(new byte[] {1}));
        client.waitFor(Activity.READ.getValue(), 5f);
        served.close();
        client.setAttribute(Stream.TIMEOUT, "10");
        readExactly(client, 1);
        assertEquals(0, client.read(BufferFactory.createBuffer(4)));
        client.close();
        assertEquals(List.of("stream.state=OPEN", "connect", "stream.write", "stream.read", "stream.state=DROPPED",
                "stream.dropped"), events);
    }

    @Test
    void serveWithATimeoutGivesNullWhenNoClientCame() throws Exception {
        long t0 = System.nanoTime();
        assertNull(server.serve(0.3f));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= 250 && ms < 5000, "waited " + ms + " ms for 0.3 s");

        Task<StreamServer, Stream> serving = server.serve(TaskMode.ASYNC, 10f);
        Stream client = connected();
        Stream served = serving.get(10, TimeUnit.SECONDS);
        assertNotNull(served, "the task form serves the client that came");
        client.close();
        served.close();
    }

    @Test
    void closingTwiceIsHarmlessAndAClosedObjectRefusesWork() throws Exception {
        Stream client = connected();
        client.close();
        client.close();
        assertThrows(IncorrectStateException.class, () -> client.write(BufferFactory.createBuffer(new byte[1])));
        assertThrows(IncorrectStateException.class, client::getInputStream);

        server.close();
        server.close();
        assertThrows(IncorrectStateException.class, () -> server.serve(0.1f));
        assertThrows(NoSuccessException.class, () -> StreamFactory.createStream(session, url).connect(5f),
                "nobody listens after close");
    }

    @Test
    void aBlockedServeEndsWhenTheServerIsClosed() throws Exception {
        Task<StreamServer, Stream> serving = server.serve(TaskMode.ASYNC);
        Thread.sleep(200);
        server.close();
        assertThrows(ExecutionException.class, () -> serving.get(10, TimeUnit.SECONDS));
    }

    @Test
    void javaIoStreamsCarryTheBytesToo() throws Exception {
        Stream client = connected();
        Stream served = server.serve(5f);
        OutputStream out = client.getOutputStream();
        out.write("line\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = served.getInputStream();
        assertArrayEquals("line\n".getBytes(StandardCharsets.UTF_8), in.readNBytes(5));
        client.close();
        assertEquals(-1, in.read(), "the end of the stream once the client closed");
        served.close();
    }

    @Test
    void badUrlsAreRefusedNamingWhatIsWrong() throws Exception {
        IncorrectURLException noPort = assertThrows(IncorrectURLException.class,
                () -> StreamFactory.createStream(session, URLFactory.createURL("tcp://[::1]")));
        assertTrue(noPort.getMessage().contains("no port") && noPort.getMessage().contains("tcp://host:port"), noPort.getMessage());
        IncorrectURLException zero = assertThrows(IncorrectURLException.class,
                () -> StreamFactory.createStream(session, URLFactory.createURL("tcp://[::1]:0")));
        assertTrue(zero.getMessage().contains("port 0"), zero.getMessage());
        IncorrectURLException scheme = assertThrows(IncorrectURLException.class,
                () -> StreamFactory.createStream(session, URLFactory.createURL("nosuch://[::1]:7")));
        assertTrue(scheme.getMessage().contains("tcp"), "names the handled schemes: " + scheme.getMessage());

        BadParameterException noUrl = assertThrows(BadParameterException.class, () -> StreamFactory.createStreamServer(session));
        assertTrue(noUrl.getMessage().contains("needs a URL") && noUrl.getMessage().contains("tcp://host:port"), noUrl.getMessage());
        assertThrows(BadParameterException.class, StreamFactory::createStreamServer);
    }

    @Test
    void listeningOnAPortInUseIsNoSuccessNamingTheAddress() throws Exception {
        NoSuccessException e = assertThrows(NoSuccessException.class,
                () -> StreamFactory.createStreamServer(session, URLFactory.createURL("tcp://[::1]:" + url.getPort())));
        assertTrue(e.getMessage().contains(String.valueOf(url.getPort())), e.getMessage());
    }

    @Test
    void aServerOnEveryAddressIsReachedThroughLoopback() throws Exception {
        try (StreamServer any = StreamFactory.createStreamServer(session, URLFactory.createURL("tcp://0.0.0.0:0"))) {
            Stream c = any.connect(5f);
            Stream s = any.serve(5f);
            c.write(BufferFactory.createBuffer(new byte[] {7}));
            assertArrayEquals(new byte[] {7}, readExactly(s, 1));
            c.close();
            s.close();
        }
    }
}
