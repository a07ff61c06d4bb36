package eu.xtreemos.ds.saga.examples;

import eu.xtreemos.gecko.Client;
import eu.xtreemos.gecko.ClientHandler;
import eu.xtreemos.gecko.Connection;
import eu.xtreemos.gecko.Gecko;
import eu.xtreemos.gecko.HandlerFactory;
import eu.xtreemos.xosaga.DistributedServer;
import eu.xtreemos.xosaga.DistributedServerFactory;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.url.URLFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * The application of the live-handoff demo ({@code bin/ds-demo}), on every node as an unprivileged user: a stateful
 * stream service written with Gecko on the SAGA / XOSAGA API alone. Each connection of a client starts with its
 * 4-byte id ({@link StreamPattern}); the service checks every byte of the client's stream against the pattern and
 * sends its own stream back at a steady rate; on an interactive connection ({@link StreamPattern#ECHO}) it answers
 * each numbered request at once ({@link StreamPattern#answer}). How far each stream went, both ways, is the handler's state: it moves with the client in a handoff, next to
 * the sockets' own state, and the receiving node carries on at the next byte. The time of the last byte read
 * travels too, so the receiver can tell how long the client's data paused across the handoff (the nodes of the
 * testbed share one monotonic clock).
 *
 * <p>Usage: {@code StreamDemoServer ds://[service-address]:port[?socket=/path/to/dsco.sock] [--rate BYTES_PER_S]}.
 * Prints {@code ready NODE}, then answers commands on stdin, one per line, for the demo to check every byte at the
 * end: {@code positions} ({@code positions ID:RECEIVED:SENT ...} for the connections served here: bytes, or on an
 * interactive connection requests),
 * {@code errors}, {@code gaps} ({@code gaps FROM:TO ...}, nanoTime of pauses in the clients' data across handoffs
 * to this node), {@code stop-writing}, {@code quit}.
 */
public final class StreamDemoServer {
    /**
     * Most bytes a connection is sent in one tick: the credit a late tick can catch up on (64 KiB is 32 ms at
     * 2 MB/s; on a busy machine the tick thread waits that long for a core now and then).
     */
    private static final int CHUNK = 64 * 1024;
    private static final int TICK_MILLIS = 1;

    private final long bytesPerSecond;
    private final Map<Integer, long[]> positions = new ConcurrentHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private final ConcurrentLinkedQueue<long[]> upstreamGaps = new ConcurrentLinkedQueue<>();
    private volatile boolean writing = true;

    private StreamDemoServer(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** One connection's state; the handler keeps them by Gecko's connection id. */
    static final class ConnState implements Serializable {
        private static final long serialVersionUID = 1L;
        /** The demo's id of the connection: its first 4 bytes, once {@code headerBytes} is 4. */
        int connId;
        int header;
        int headerBytes;
        /** Bytes received and sent; on an interactive connection, requests received and answered. */
        long rxPos;
        long txPos;
        /** An interactive connection's request so far, and how many of its bytes have come. */
        long request;
        int requestBytes;
        /** nanoTime of the last data read: the receiver of a handoff times the pause from it. */
        long lastRead;
        /** Set on the receiving node: the next read closes a pause that spans the handoff. */
        transient boolean adopted;
        transient double credit;
    }

    /** A client's state: its connections. */
    static final class ClientState implements Serializable {
        private static final long serialVersionUID = 1L;
        final HashMap<Integer, ConnState> conns = new HashMap<>();
    }

    private final class Handler implements ClientHandler<ClientState> {
        private final Client client;
        private final ClientState state;
        private final byte[] chunk = new byte[CHUNK];
        private long lastTick = System.nanoTime();

        Handler(Client client, ClientState state) {
            this.client = client;
            this.state = state;
        }

        private ConnState of(Connection c) {
            return state.conns.computeIfAbsent(c.id(), k -> new ConnState());
        }

        @Override
        public void received(Connection c, byte[] data, int length) {
            ConnState s = of(c);
            int at = 0;
            while (s.headerBytes < 4 && at < length) { // the connection's id, possibly in pieces
                s.header = (s.header << 8) | (data[at++] & 0xff);
                if (++s.headerBytes == 4) {
                    s.connId = s.header;
                    positions.put(s.connId, new long[2]);
                }
            }
            int n = length - at;
            if (n == 0) {
                return;
            }
            if (StreamPattern.isEcho(s.connId)) {
                answer(c, s, data, at, length);
                return;
            }
            ByteBuffer b = ByteBuffer.wrap(data, at, n).slice();
            int bad = StreamPattern.firstMismatch(b, n, StreamPattern.upstream(s.connId), s.rxPos);
            if (bad >= 0) {
                error("connection " + s.connId + ": wrong byte from the client at position " + (s.rxPos + bad));
            }
            long now = System.nanoTime();
            if (s.adopted) {
                upstreamGaps.add(new long[] {s.lastRead, now});
                s.adopted = false;
            }
            s.lastRead = now;
            s.rxPos += n;
            positions.computeIfAbsent(s.connId, k -> new long[2])[0] = s.rxPos;
        }

        /**
         * Reads the requests in {@code data[at, length)}, which may end or begin anywhere within one, and answers
         * each whole request at once. A request's number must follow the one before: the count travels in the
         * handoff state, so a request lost or repeated across a handoff shows here too, once (the count then
         * follows the client's).
         */
        private void answer(Connection c, ConnState s, byte[] data, int at, int length) {
            for (int i = at; i < length; i++) {
                s.request = (s.request << 8) | (data[i] & 0xff);
                if (++s.requestBytes < StreamPattern.REQUEST_BYTES) {
                    continue;
                }
                long n = s.request;
                s.request = 0;
                s.requestBytes = 0;
                if (n != s.rxPos + 1) {
                    error("interactive connection " + s.connId + ": request " + n + " where " + (s.rxPos + 1) + " was due");
                }
                s.rxPos = n;
                c.write(ByteBuffer.allocate(StreamPattern.REQUEST_BYTES).putLong(StreamPattern.answer(n)).array());
                s.txPos++;
                long[] p = positions.computeIfAbsent(s.connId, k -> new long[2]);
                p[0] = s.rxPos;
                p[1] = s.txPos;
            }
        }

        /**
         * Sends each streaming connection its share of the rate since the last tick, as much as its socket takes
         * now: what does not go is sent later, regenerated from the position, so nothing waits in Gecko.
         */
        @Override
        public void tick() {
            long now = System.nanoTime();
            double earned = bytesPerSecond * (now - lastTick) / 1e9;
            lastTick = now;
            if (!writing) {
                return;
            }
            for (Connection c : client.connections()) {
                ConnState s = state.conns.get(c.id());
                if (s == null || s.headerBytes < 4 || StreamPattern.isEcho(s.connId)) {
                    continue;
                }
                s.credit = Math.min(s.credit + earned, CHUNK);
                int want = (int) s.credit;
                if (want == 0) {
                    continue;
                }
                ByteBuffer b = ByteBuffer.wrap(chunk, 0, want);
                StreamPattern.fill(b, StreamPattern.downstream(s.connId), s.txPos);
                int n = c.offer(chunk, 0, want);
                s.txPos += n;
                s.credit -= n;
                positions.computeIfAbsent(s.connId, k -> new long[2])[1] = s.txPos;
            }
        }

        @Override
        public void closed(Connection c) {
            state.conns.remove(c.id()); // its positions stay listed: the demo compares them at the end
        }

        @Override
        public ClientState state() {
            return state;
        }

        @Override
        public void handedOff(String node) {
            for (ConnState s : state.conns.values()) {
                if (s.headerBytes == 4) {
                    positions.remove(s.connId); // its positions live on the receiver now
                }
            }
        }
    }

    private void resumed(ClientState state) {
        for (ConnState s : state.conns.values()) {
            s.adopted = true;
            if (s.headerBytes == 4) {
                positions.put(s.connId, new long[] {s.rxPos, s.txPos});
            }
        }
    }

    private synchronized void error(String e) {
        System.err.println("error: " + e);
        errors.add(e);
    }

    private synchronized List<String> errors() {
        return new ArrayList<>(errors);
    }

    private HandlerFactory<ClientState> handlers() {
        return new HandlerFactory<>() {
            @Override
            public ClientHandler<ClientState> create(Client client) {
                return new Handler(client, new ClientState());
            }

            @Override
            public ClientHandler<ClientState> resume(Client client, ClientState state) {
                resumed(state);
                return new Handler(client, state);
            }
        };
    }

    /** Answers the demo's commands until {@code quit} or the end of stdin. */
    private void console() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            switch (line.trim()) {
                case "positions" -> System.out.println("positions " + positions.entrySet().stream()
                        .map(e -> e.getKey() + ":" + e.getValue()[0] + ":" + e.getValue()[1]).collect(Collectors.joining(" ")));
                case "errors" -> System.out.println("errors " + String.join(" | ", errors()));
                case "gaps" -> System.out.println("gaps " + upstreamGaps.stream().map(g -> g[0] + ":" + g[1])
                        .collect(Collectors.joining(" ")));
                case "stop-writing" -> {
                    writing = false;
                    System.out.println("ok");
                }
                case "quit" -> {
                    return;
                }
                default -> System.out.println("unknown command " + line + " (positions, errors, gaps, stop-writing, quit)");
            }
            System.out.flush();
        }
    }

    private static final String USAGE = "usage: StreamDemoServer ds://[service-address]:port[?socket=/path/to/dsco.sock]"
            + " [--rate BYTES_PER_S]\n  The demo's stream service on one node (bin/ds-demo runs it): checks every byte"
            + " clients send, sends its own stream back at the rate (default 2000000 bytes/s per connection),\n  keeps"
            + " both positions in each client's Gecko state; answers positions, errors, gaps, stop-writing, quit on stdin.";

    public static void main(String[] args) {
        String url = null;
        long rate = 2_000_000;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    case "--rate" -> rate = Long.parseLong(args[++i]);
                    default -> {
                        if (url != null || args[i].startsWith("-")) {
                            throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                        }
                        url = args[i];
                    }
                }
            }
            if (url == null || rate < 1) {
                throw new IllegalArgumentException(url == null ? "no ds:// URL given" : "the rate must be positive, got " + rate);
            }
        } catch (RuntimeException e) {
            System.err.println("StreamDemoServer: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
        }
        StreamDemoServer app = new StreamDemoServer(rate);
        try (DistributedServer server = DistributedServerFactory.createDistributedServer(URLFactory.createURL(url));
             Gecko<ClientState> gecko = Gecko.builder(server, app.handlers()).tickMillis(TICK_MILLIS)
                     .maxPendingPerConnection(0) // the handler paces its own output (see tick)
                     .errors((client, e) -> {
                         app.error(client + ": " + e);
                         return true;
                     }).start()) {
            System.out.println("ready " + gecko.node());
            System.out.flush();
            app.console();
        } catch (SagaException e) {
            System.out.println("error " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(3);
        } catch (Exception e) {
            System.out.println("error " + e);
            System.exit(1);
        }
    }
}
