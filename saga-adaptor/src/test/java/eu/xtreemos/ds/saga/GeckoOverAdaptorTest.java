package eu.xtreemos.ds.saga;

import eu.xtreemos.gecko.Client;
import eu.xtreemos.gecko.ClientHandler;
import eu.xtreemos.gecko.Connection;
import eu.xtreemos.gecko.Gecko;
import eu.xtreemos.gecko.HandlerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.session.Session;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.url.URL;
import org.ogf.saga.url.URLFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Gecko on the real ds adaptor, two nodes in one process (dsco's handoff passes the live sockets from one to the
 * other): a line counter keeps its total and half-received lines across handoffs both ways, on every connection
 * of the client; handlers hear of connections closing; a handler that throws is reported.
 */
class GeckoOverAdaptorTest {
    /** The counter's state: the total and, per connection id, a line not complete yet. */
    static final class Counter implements java.io.Serializable {
        long total;
        final HashMap<Integer, StringBuilder> partial = new HashMap<>();
    }

    final List<String> events = new CopyOnWriteArrayList<>();

    final class Handler implements ClientHandler<Counter> {
        final Client client;
        final Counter c;

        Handler(Client client, Counter c) {
            this.client = client;
            this.c = c;
        }

        @Override
        public void received(Connection conn, byte[] data, int length) {
            StringBuilder line = c.partial.computeIfAbsent(conn.id(), k -> new StringBuilder());
            for (int i = 0; i < length; i++) {
                if (data[i] != '\n') {
                    line.append((char) data[i]);
                    continue;
                }
                String cmd = line.toString();
                line.setLength(0);
                if (cmd.equals("fail")) {
                    throw new IllegalStateException("asked to fail");
                }
                c.total += Long.parseLong(cmd.substring(4));
                conn.write(("total " + c.total + " conn " + conn.id() + " on " + client.node() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void opened(Connection conn) {
            events.add(client.node() + " opened " + conn.id());
        }

        @Override
        public void closed(Connection conn) {
            events.add(client.node() + " closed " + conn.id());
        }

        @Override
        public Counter state() {
            return c;
        }

        @Override
        public void handedOff(String node) {
            events.add(client.node() + " handed off to " + node);
        }

        @Override
        public void ended() {
            events.add(client.node() + " ended");
        }
    }

    final HandlerFactory<Counter> factory = new HandlerFactory<>() {
        @Override
        public ClientHandler<Counter> create(Client client) {
            return new Handler(client, new Counter());
        }

        @Override
        public ClientHandler<Counter> resume(Client client, Counter state) {
            events.add(client.node() + " resumed at " + state.total);
            return new Handler(client, state);
        }
    };

    FakeDsco dsco;
    int port;
    final List<AutoCloseable> toClose = new ArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    Gecko<Counter> a, b;

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        dsco = new FakeDsco(port);
        a = gecko("ds://[::1]:" + port, "a");
        b = gecko("ds://127.0.0.1:" + port, "b");
    }

    Gecko<Counter> gecko(String url, String node) throws Exception {
        Session session = SessionFactory.createSession(false);
        URL u = URLFactory.createURL(url);
        DsServer s = new DsServer(session, u, DsUrl.parse(u, session), dsco.node(node));
        toClose.add(s);
        Gecko<Counter> g = Gecko.builder(s, factory).errors((client, e) -> {
            errors.add(client + ": " + e.getMessage());
            return true;
        }).start();
        toClose.add(0, g);
        return g;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    static final class Line implements AutoCloseable {
        final Socket s;
        final BufferedReader in;
        final OutputStream out;

        Line(int port) throws Exception {
            s = new Socket("::1", port);
            s.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out = s.getOutputStream();
        }

        void send(String text) throws Exception {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String ask(String line) throws Exception {
            send(line + "\n");
            return in.readLine();
        }

        @Override
        public void close() throws Exception {
            s.close();
        }
    }

    static InetAddress loopback() throws Exception {
        return InetAddress.getByName("::1");
    }

    void awaitServed(Gecko<Counter> g, int connections) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (g.client(loopback()).map(c -> c.connections().size()).orElse(0) < connections) {
            assertTrue(System.currentTimeMillis() < deadline, "gecko on " + g.node() + " does not serve " + connections + " connections");
            Thread.sleep(10);
        }
    }

    @Test
    void theHandlersStateAndHalfLinesMoveWithTheClientBothWays() throws Exception {
        try (Line one = new Line(port); Line two = new Line(port)) {
            assertEquals("total 5 conn 0 on a", one.ask("add 5"));
            assertEquals("total 7 conn 1 on a", two.ask("add 2"));
            awaitServed(a, 2);
            one.send("add 1"); // half a line: the handler has it, so it must travel in the state
            two.send("add 10\nadd 2"); // a whole line and half the next, read on a or still queued at the handoff
            Thread.sleep(100);
            a.handoff(loopback(), "b");
            assertTrue(a.clients().isEmpty());
            assertTrue(two.in.readLine().startsWith("total 17 conn 1 on "), "the whole line was answered once, on a or b");
            assertEquals("total 117 conn 0 on b", one.ask("00"), "'add 1' + '00' make 'add 100', on the new node");
            assertEquals("total 137 conn 1 on b", two.ask("0"), "'add 2' + '0' make 'add 20'");

            // Back, asked by an operator (dsctl handoff) through dsco this time.
            dsco.receivers.get("b").handoffRequested(loopback(), "a");
            assertEquals("total 138 conn 0 on a", one.ask("add 1"));
            assertEquals("total 139 conn 1 on a", two.ask("add 1"));
            assertTrue(events.containsAll(List.of("a opened 0", "a opened 1", "a handed off to b", "b handed off to a",
                    "a resumed at 137")), events.toString());
            // 7 or 17: whether a read the line "add 10" before the handoff or b did after it
            assertEquals(1, events.stream().filter(e -> e.equals("b resumed at 7") || e.equals("b resumed at 17")).count(), events.toString());
            assertFalse(events.stream().anyMatch(e -> e.startsWith("b opened")), "moved connections are not new: " + events);
        }
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void aNewConnectionAfterAHandoffGetsTheNextIdAndClosingIsReported() throws Exception {
        try (Line one = new Line(port)) {
            assertEquals("total 1 conn 0 on a", one.ask("add 1"));
            awaitServed(a, 1);
            a.handoff(loopback(), "b");
            assertEquals("total 2 conn 0 on b", one.ask("add 1"));
            // The client's new connection reaches the contact node a: a new client there (the address is not served
            // by a any more), while b keeps serving the first one.
            try (Line two = new Line(port)) {
                assertEquals("total 5 conn 0 on a", two.ask("add 5"));
            }
            awaitEvent("a ended");
        }
        awaitEvent("b closed 0");
        awaitEvent("b ended");
        assertTrue(b.clients().isEmpty());
    }

    @Test
    void aHandlerThatThrowsIsReportedAndItsClientClosed() throws Exception {
        try (Line one = new Line(port)) {
            assertEquals("total 1 conn 0 on a", one.ask("add 1"));
            one.send("fail\n");
            assertNull(one.in.readLine(), "the client's connection was closed");
        }
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("asked to fail"), errors.toString());
    }

    @Test
    void handingOffAClientNotServedHereSaysSo() throws Exception {
        assertThrows(DoesNotExistException.class, () -> a.handoff(loopback(), "b"));
        try (Line one = new Line(port)) {
            one.ask("add 1");
            awaitServed(a, 1);
            Client c = a.client(loopback()).orElseThrow();
            c.handoff("b");
            assertFalse(c.isServedHere());
            assertThrows(IncorrectStateException.class, () -> c.handoff("b"), "it is b's now");
        }
    }

    void awaitEvent(String e) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (!events.contains(e)) {
            assertTrue(System.currentTimeMillis() < deadline, "no '" + e + "' in " + events);
            Thread.sleep(10);
        }
    }
}
