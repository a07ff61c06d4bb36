package eu.xtreemos.ds.saga;

import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.client.DscoException;
import eu.xtreemos.gecko.Client;
import eu.xtreemos.gecko.ClientHandler;
import eu.xtreemos.gecko.Connection;
import eu.xtreemos.gecko.Gecko;
import eu.xtreemos.gecko.HandlerFactory;
import eu.xtreemos.xosaga.DistributedServerClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ogf.saga.session.Session;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.stream.Activity;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;
import org.ogf.saga.url.URLFactory;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Gecko on a protected distributed server, on the real adaptor with an in-process dsco that records CHECKPOINTs:
 * a checkpoint after every event carrying exactly what a handoff carries; the interval bounds the rate and still takes
 * a pending change within it; the streams are paused during a checkpoint; output a socket takes after the last event
 * is checkpointed too (dsco would hold it otherwise); closed connections and ended clients; failures; no checkpoint
 * at all on an unprotected server.
 */
class GeckoCheckpointTest {
    /** A line counter's state: the total and, per connection id, a line not complete yet. */
    static final class Counter implements Serializable {
        long total;
        final HashMap<Integer, StringBuilder> partial = new HashMap<>();
    }

    final List<String> events = new CopyOnWriteArrayList<>();
    final AtomicInteger handled = new AtomicInteger();

    final class Handler implements ClientHandler<Counter> {
        final Client client;
        final Counter c;

        Handler(Client client, Counter c) {
            this.client = client;
            this.c = c;
        }

        @Override
        public void received(Connection conn, byte[] data, int length) {
            handled.incrementAndGet();
            StringBuilder line = c.partial.computeIfAbsent(conn.id(), k -> new StringBuilder());
            for (int i = 0; i < length; i++) {
                if (data[i] != '\n') {
                    line.append((char) data[i]);
                    continue;
                }
                String cmd = line.toString();
                line.setLength(0);
                if (cmd.startsWith("big ")) { // that many bytes of output, then a newline
                    byte[] out = new byte[Integer.parseInt(cmd.substring(4)) + 1];
                    java.util.Arrays.fill(out, (byte) 'x');
                    out[out.length - 1] = '\n';
                    conn.write(out);
                    continue;
                }
                c.total += Long.parseLong(cmd.substring(4));
                conn.write(("total " + c.total + "\n").getBytes(StandardCharsets.UTF_8));
            }
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
            return new Handler(client, state);
        }
    };

    FakeDsco dsco;
    int port;
    final List<AutoCloseable> toClose = new ArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        dsco = new FakeDsco(port);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    DsServer server(String node) throws Exception {
        Session session = SessionFactory.createSession(false);
        URL u = URLFactory.createURL(node.equals("a") ? "ds://[::1]:" + port : "ds://127.0.0.1:" + port);
        DsServer s = new DsServer(session, u, DsUrl.parse(u, session), dsco.node(node));
        toClose.add(s);
        return s;
    }

    Gecko<Counter> gecko(DsServer s, long checkpointMillis, long tickMillis) throws Exception {
        Gecko<Counter> g = Gecko.builder(s, factory).checkpointMillis(checkpointMillis).tickMillis(tickMillis)
                .errors((client, e) -> {
                    errors.add(client + ": " + e.getMessage());
                    return true;
                }).start();
        toClose.add(0, g);
        return g;
    }

    Gecko<Counter> gecko(String node, long checkpointMillis) throws Exception {
        return gecko(server(node), checkpointMillis, 0);
    }

    static final class Line implements AutoCloseable {
        final Socket s;
        final BufferedReader in;
        final OutputStream out;

        Line(int port) throws Exception {
            this(port, 0);
        }

        /** With a small receive buffer (bytes; 0: the default), so that output waits on the server's side. */
        Line(int port, int receiveBuffer) throws Exception {
            s = new Socket();
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer);
            }
            s.connect(new InetSocketAddress("::1", port));
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

        int port() {
            return s.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            s.close();
        }
    }

    static InetAddress loopback() throws Exception {
        return InetAddress.getByName("::1");
    }

    /** A checkpoint's application state, read as Gecko's handoff envelope ("GK" 1 nextId count {id pending}* state). */
    record Env(int nextId, List<Integer> ids, List<Integer> pending, Counter state) {
        String partial(int id) {
            StringBuilder b = state.partial.get(id);
            return b == null ? "" : b.toString();
        }
    }

    static Env decode(byte[] blob) throws Exception {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob));
        assertEquals(0x474b, in.readShort(), "Gecko's envelope");
        assertEquals(1, in.readByte());
        int nextId = in.readInt();
        List<Integer> ids = new ArrayList<>(), pending = new ArrayList<>();
        for (int i = 0, n = in.readInt(); i < n; i++) {
            ids.add(in.readInt());
            int len = in.readInt();
            in.readNBytes(len);
            pending.add(len);
        }
        byte[] state = in.readNBytes(in.readInt());
        assertEquals(0, in.available(), "nothing after the state");
        try (ObjectInputStream o = new ObjectInputStream(new ByteArrayInputStream(state))) {
            return new Env(nextId, ids, pending, (Counter) o.readObject());
        }
    }

    List<FakeDsco.Checkpoint> of(String node) throws Exception {
        InetAddress client = loopback();
        return dsco.checkpoints.stream().filter(c -> c.node().equals(node) && c.client().equals(client)).toList();
    }

    /** Waits for a checkpoint by {@code node} after the first {@code after} of its checkpoints that {@code test} accepts. */
    FakeDsco.Checkpoint await(String node, int after, Predicate<FakeDsco.Checkpoint> test, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (true) {
            List<FakeDsco.Checkpoint> l = of(node);
            for (int i = after; i < l.size(); i++) {
                if (test.test(l.get(i))) {
                    return l.get(i);
                }
            }
            assertTrue(System.currentTimeMillis() < deadline, "no checkpoint by " + node + " " + what + " in " + describe(l));
            Thread.sleep(5);
        }
    }

    static Predicate<FakeDsco.Checkpoint> state(Predicate<Env> p) {
        return c -> {
            try {
                return !c.ended() && p.test(decode(c.state()));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
    }

    static String describe(List<FakeDsco.Checkpoint> l) {
        List<String> out = new ArrayList<>();
        for (FakeDsco.Checkpoint c : l) {
            try {
                out.add(c.ended() ? "ended" : c.ports() + " " + decode(c.state()));
            } catch (Exception e) {
                out.add(e.toString());
            }
        }
        return out.toString();
    }

    void awaitEvent(String e) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (!events.contains(e)) {
            assertTrue(System.currentTimeMillis() < deadline, "no '" + e + "' in " + events);
            Thread.sleep(5);
        }
    }

    @Test
    void everyEventIsCheckpointedWithExactlyWhatAHandoffCarries() throws Exception {
        dsco.protectedService = true;
        Gecko<Counter> a = gecko("a", 0);
        gecko("b", 0);
        try (Line one = new Line(port)) {
            assertEquals("total 5", one.ask("add 5"));
            // The new connection, then the request: each an event, each followed by its checkpoint.
            await("a", 0, state(e -> e.ids().equals(List.of(0)) && e.state().total == 0), "of the new connection");
            await("a", 0, state(e -> e.state().total == 5 && e.nextId() == 1), "after 'add 5'");
            try (Line two = new Line(port)) {
                assertEquals("total 7", two.ask("add 2"));
                FakeDsco.Checkpoint both = await("a", 0, state(e -> e.state().total == 7), "after 'add 2'");
                assertEquals(List.of(one.port(), two.port()).stream().sorted().toList(), both.ports(),
                        "both connections, in the client's port order");
                assertEquals(one.port() < two.port() ? List.of(0, 1) : List.of(1, 0), decode(both.state()).ids(),
                        "the ids in the same order");
                assertEquals(2, decode(both.state()).nextId());
                one.send("add 1"); // half a line: the handler has it, so the checkpoint must have it
                await("a", 0, state(e -> e.partial(0).equals("add 1")), "with the half line");
                Thread.sleep(100); // quiet: nothing changes until the handoff
                List<FakeDsco.Checkpoint> before = of("a");
                assertTrue(before.size() >= 5, "a checkpoint per event: " + describe(before));
                a.handoff(loopback(), "b");
                assertArrayEquals(dsco.donations.get(0), before.get(before.size() - 1).state(),
                        "the last checkpoint is byte for byte what the handoff carried");
                // The node the client was handed to checkpoints it at once (its backup must hold it).
                await("b", 0, state(e -> e.state().total == 7 && e.partial(0).equals("add 1")), "after receiving it");
                assertEquals("total 107", one.ask("00"));
            }
        }
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void theIntervalBoundsTheRateAndAPendingChangeIsStillTakenWithinIt() throws Exception {
        dsco.protectedService = true;
        gecko("a", 200);
        try (Line one = new Line(port)) {
            long t0 = System.nanoTime();
            for (int i = 1; i <= 30; i++) {
                assertEquals("total " + i, one.ask("add 1"));
                Thread.sleep(30);
            }
            long askedNanos = System.nanoTime() - t0;
            FakeDsco.Checkpoint last = await("a", 0, state(e -> e.state().total == 30), "with all 30 requests");
            assertTrue(last.nanos() - t0 - askedNanos < 400_000_000L, "the last change was taken within the interval");
            List<FakeDsco.Checkpoint> l = of("a");
            long bound = askedNanos / 200_000_000L + 3;
            assertTrue(l.size() <= bound, l.size() + " checkpoints in " + askedNanos / 1_000_000 + " ms, more than "
                    + bound + " at one per 200 ms");
            for (int i = 1; i < l.size(); i++) {
                // Taken 200 ms apart; recorded by the fake after pausing the streams, which takes a varying while.
                long gap = l.get(i).nanos() - l.get(i - 1).nanos();
                assertTrue(gap >= 150_000_000L, "checkpoints " + (i - 1) + " and " + i + " only " + gap / 1_000 + " µs apart");
            }
        }
    }

    @Test
    void withoutAnIntervalEveryRequestHasItsCheckpoint() throws Exception {
        dsco.protectedService = true;
        gecko("a", 0);
        try (Line one = new Line(port)) {
            for (int i = 1; i <= 30; i++) {
                assertEquals("total " + i, one.ask("add 1"));
            }
            await("a", 0, state(e -> e.state().total == 30), "with all 30 requests");
            List<Long> totals = new ArrayList<>();
            for (FakeDsco.Checkpoint c : of("a")) {
                totals.add(decode(c.state()).state().total);
            }
            for (long t = 1; t <= 30; t++) {
                assertTrue(totals.contains(t), "no checkpoint at total " + t + ": " + totals);
            }
        }
    }

    @Test
    void theClientsStreamsArePausedWhileGeckoCheckpoints() throws Exception {
        dsco.protectedService = true;
        DsServer sa = server("a");
        gecko(sa, 0, 0);
        try (Line one = new Line(port)) {
            assertEquals("total 1", one.ask("add 1"));
            Thread.sleep(50);
            AtomicBoolean armed = new AtomicBoolean(true);
            List<String> seen = new CopyOnWriteArrayList<>();
            dsco.onCheckpoint = (client, channels) -> {
                if (!armed.getAndSet(false)) {
                    return;
                }
                try {
                    int before = handled.get();
                    one.send("add 3\n"); // arrives during the checkpoint: read only after it
                    List<Task<Stream, Integer>> probes = new ArrayList<>();
                    for (DistributedServerClient c : sa.listClients()) {
                        for (Stream s : c.getStreams()) {
                            probes.add(s.waitFor(TaskMode.ASYNC, Activity.WRITE.getValue(), 0f));
                        }
                    }
                    Thread.sleep(150);
                    for (Task<Stream, Integer> p : probes) {
                        seen.add("waitFor " + p.getState());
                    }
                    seen.add("handled " + (handled.get() - before));
                } catch (Exception e) {
                    seen.add(e.toString());
                }
            };
            assertEquals("total 3", one.ask("add 2"));
            assertEquals("total 6", one.in.readLine());
            assertEquals(List.of("waitFor RUNNING", "handled 0"), seen, "nothing reads or writes the socket during the dump");
        }
    }

    @Test
    void outputASocketTakesAfterTheLastEventIsCheckpointedToo() throws Exception {
        for (long interval : new long[] {0, 50}) {
            dsco.protectedService = true;
            dsco.checkpoints.clear();
            DsServer s = server("a");
            Gecko<Counter> a = gecko(s, interval, 0);
            try (Line one = new Line(port, 4096)) {
                assertEquals("total 1", one.ask("add 1"));
                for (Stream st : s.listClients().get(0).getStreams()) {
                    st.setAttribute(Stream.BUFSIZE, "4096"); // a small send buffer: most of the output waits in Gecko
                }
                int before = of("a").size();
                one.send("big 50000\n");
                FakeDsco.Checkpoint queued = await("a", before, state(e -> e.pending().get(0) > 0), "with output queued");
                int n = of("a").indexOf(queued);
                Thread.sleep(100);
                String big = one.in.readLine();
                assertEquals(50000, big.length());
                // Every byte went into the socket after that checkpoint: with dsco holding them, only another
                // checkpoint, taken with no event at all, lets them leave.
                await("a", n + 1, state(e -> e.pending().get(0) == 0), "(interval " + interval + " ms) once the output left Gecko");
                assertEquals("total 2", one.ask("add 1"));
            }
            a.close();
            s.close();
            awaitClosed();
        }
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void checkpointsGoOnWhileOutputWaitsForAClientThatDoesNotRead() throws Exception {
        // dsco releases a held packet only if a checkpoint covers its acknowledgement number too: when the client sent
        // more since, only a newer checkpoint lets Gecko's output go, event or not.
        dsco.protectedService = true;
        DsServer s = server("a");
        gecko(s, 0, 0);
        try (Line one = new Line(port, 4096)) {
            assertEquals("total 1", one.ask("add 1"));
            for (Stream st : s.listClients().get(0).getStreams()) {
                st.setAttribute(Stream.BUFSIZE, "4096");
            }
            one.send("big 50000\n");
            FakeDsco.Checkpoint queued = await("a", 0, state(e -> e.pending().get(0) > 0), "with output queued");
            int n = of("a").indexOf(queued);
            Thread.sleep(600); // the client reads nothing: no event, no byte taken by the socket
            int more = of("a").size() - n - 1;
            assertTrue(more >= 2, more + " checkpoints in 600 ms while output waited");
            assertEquals(50000, one.in.readLine().length());
        }
    }

    void awaitClosed() throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (true) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress("::1", port));
                return;
            } catch (java.io.IOException e) {
                assertTrue(System.currentTimeMillis() < deadline, "port " + port + " still in use");
                Thread.sleep(20);
            }
        }
    }

    @Test
    void aClosedConnectionAndAnEndedClientAreCheckpointed() throws Exception {
        dsco.protectedService = true;
        gecko("a", 0);
        Line one = new Line(port);
        try (Line two = new Line(port)) {
            assertEquals("total 1", one.ask("add 1"));
            assertEquals("total 2", two.ask("add 1"));
            await("a", 0, state(e -> e.ids().size() == 2 && e.state().total == 2), "with both connections");
            int n = of("a").size();
            one.close();
            awaitEvent("a closed 0");
            FakeDsco.Checkpoint rest = await("a", n, c -> true, "after the connection closed");
            assertEquals(List.of(two.port()), rest.ports());
            assertEquals(List.of(1), decode(rest.state()).ids());
        }
        awaitEvent("a ended");
        List<FakeDsco.Checkpoint> l = of("a");
        assertTrue(l.get(l.size() - 1).ended(), "the last one has no connections: the backup forgets the client; " + describe(l));
        assertEquals(1, l.stream().filter(FakeDsco.Checkpoint::ended).count());
        Thread.sleep(100);
        assertEquals(l.size(), of("a").size(), "nothing after the end");
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void aFailedCheckpointIsReportedTheClientKeptAndTheCheckpointTakenLater() throws Exception {
        dsco.protectedService = true;
        AtomicInteger refusals = new AtomicInteger(2);
        dsco.onCheckpoint = (client, channels) -> {
            if (refusals.getAndDecrement() > 0) {
                throw new DscoException(Status.FAILED, "backup b did not acknowledge");
            }
        };
        gecko("a", 0);
        try (Line one = new Line(port)) {
            assertEquals("total 1", one.ask("add 1"));
            // No event after this one: the retries alone must get it to the backup.
            await("a", 0, state(e -> e.state().total == 1), "after the failures");
            assertFalse(errors.isEmpty());
            assertTrue(errors.get(0).contains("backup b did not acknowledge"), errors.toString());
            assertEquals("total 2", one.ask("add 1"), "the client is served as before");
        }
    }

    @Test
    void aReceivedClientIsCheckpointedAtOnceWhateverTheInterval() throws Exception {
        dsco.protectedService = true;
        Gecko<Counter> a = gecko("a", 10_000);
        gecko("b", 10_000);
        try (Line one = new Line(port)) {
            assertEquals("total 1", one.ask("add 1"));
            await("a", 0, c -> true, "at all");
            assertEquals("total 2", one.ask("add 1"));
            Thread.sleep(100);
            assertEquals(1, of("a").size(), "one per 10 s: " + describe(of("a")));
            a.handoff(loopback(), "b");
            await("b", 0, state(e -> e.state().total == 2), "right after it arrived");
            assertEquals("total 3", one.ask("add 1"));
        }
    }

    @Test
    void anUnprotectedServerNeverCheckpoints() throws Exception {
        DsServer s = server("a");
        assertFalse(s.isProtected());
        gecko(s, 0, 20);
        try (Line one = new Line(port); Line two = new Line(port)) {
            assertEquals("total 1", one.ask("add 1"));
            assertEquals("total 2", two.ask("add 1"));
            one.close();
            awaitEvent("a closed 0");
        }
        awaitEvent("a ended");
        Thread.sleep(100);
        assertTrue(dsco.checkpoints.isEmpty(), describe(dsco.checkpoints));
        assertTrue(errors.isEmpty(), errors.toString());
    }
}
