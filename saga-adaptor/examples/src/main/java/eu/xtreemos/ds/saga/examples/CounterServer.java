package eu.xtreemos.ds.saga.examples;

import eu.xtreemos.xosaga.DistributedServer;
import eu.xtreemos.xosaga.DistributedServerFactory;
import eu.xtreemos.xosaga.DistributedServerClient;
import eu.xtreemos.xosaga.ReceivedClient;
import org.ogf.saga.buffer.Buffer;
import org.ogf.saga.buffer.BufferFactory;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.stream.Activity;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.url.URLFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stateful line-based service on a distributed server: each client has a counter. {@code add N} adds N
 * and answers {@code total T on NODE}; {@code get} answers the same without adding. When an operator asks
 * (dsctl handoff), the client is handed to another node with its counter and any half-received line, and
 * that node carries on where this one stopped.
 *
 * <p>Usage: {@code CounterServer ds://[service-address]:port[?socket=/path/to/dsco.sock]}. Prints
 * {@code ready NODE} when serving.
 */
public final class CounterServer {
    private final DistributedServer server;
    private final String node;
    /** Keyed by the adaptor's client object: a client that leaves and comes back starts afresh. */
    private final Map<DistributedServerClient, Session> sessions = new ConcurrentHashMap<>();

    private CounterServer(DistributedServer server) throws SagaException {
        this.server = server;
        this.node = server.getLocalNode().name();
    }

    /** One client's state: its counter and, per stream, the bytes of a line not complete yet. */
    private final class Session {
        final DistributedServerClient client;
        long total;
        final List<ByteArrayOutputStream> partial = new ArrayList<>();
        int serving;
        boolean gone;

        Session(DistributedServerClient client) {
            this.client = client;
        }

        /** Serves one stream until it closes or the client is handed off. */
        void serve(Stream stream, int index) {
            try {
                Buffer buf = BufferFactory.createBuffer(4096);
                while (true) {
                    // Wait without holding the session: a handoff may happen meanwhile, and the bytes stay in the kernel.
                    stream.waitFor(Activity.READ.getValue());
                    synchronized (this) {
                        if (gone) {
                            return;
                        }
                        int n = stream.read(buf);
                        if (n == 0) {
                            stream.close();
                            return;
                        }
                        consume(stream, index, buf.getData(), n);
                    }
                }
            } catch (IncorrectStateException e) {
                // handed off (or closed): another node serves the client now
            } catch (SagaException e) {
                System.err.println("client " + client.getAddress().getHostAddress() + ": " + e.getMessage());
            } finally {
                synchronized (this) {
                    if (--serving == 0) {
                        sessions.remove(client, this);
                    }
                }
            }
        }

        /** Serves one more stream of this client (a new connection) on a thread of its own. */
        synchronized void add(Stream stream) {
            partial.add(new ByteArrayOutputStream());
            serveOnThread(stream, partial.size() - 1);
        }

        synchronized void serveOnThread(Stream stream, int index) {
            serving++;
            Thread t = new Thread(() -> serve(stream, index), "client-" + client.getAddress().getHostAddress() + "-" + index);
            t.setDaemon(true);
            t.start();
        }

        private void consume(Stream stream, int index, byte[] data, int n) throws SagaException {
            ByteArrayOutputStream line = partial.get(index);
            for (int i = 0; i < n; i++) {
                if (data[i] != '\n') {
                    line.write(data[i]);
                    continue;
                }
                String answer = answer(line.toString(StandardCharsets.UTF_8).trim());
                line.reset();
                stream.write(BufferFactory.createBuffer((answer + "\n").getBytes(StandardCharsets.UTF_8)));
            }
        }

        private String answer(String command) {
            if (command.startsWith("add ")) {
                try {
                    total += Long.parseLong(command.substring(4).trim());
                } catch (NumberFormatException e) {
                    return "error: not a number: " + command.substring(4);
                }
            } else if (!command.equals("get")) {
                return "error: unknown command '" + command + "' (add N, get)";
            }
            return "total " + total + " on " + node;
        }

        byte[] save() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(b);
            out.writeLong(total);
            out.writeInt(partial.size());
            for (ByteArrayOutputStream p : partial) {
                out.writeInt(p.size());
                p.writeTo(out);
            }
            return b.toByteArray();
        }

        /** The counter and the half-received lines (one per stream, in the client's stream order) a donor sent. */
        void restore(byte[] state, int streams) throws IOException {
            for (int i = 0; i < streams; i++) {
                partial.add(new ByteArrayOutputStream());
            }
            if (state.length == 0) {
                return;
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
            total = in.readLong();
            int sent = in.readInt();
            for (int i = 0; i < sent; i++) {
                byte[] half = in.readNBytes(in.readInt());
                if (i < streams) {
                    partial.get(i).write(half);
                }
            }
        }
    }

    /** Serves a client (new, or received with {@code state}) on all its streams, one thread each. */
    private void start(DistributedServerClient client, byte[] state) throws IOException {
        Session s = new Session(client);
        List<Stream> streams = client.getStreams();
        synchronized (s) {
            s.restore(state, streams.size());
            sessions.put(client, s);
            for (int i = 0; i < streams.size(); i++) {
                s.serveOnThread(streams.get(i), i);
            }
        }
    }

    /** Hands a client to {@code target} with its state, holding its session so no line is half-processed. */
    private void handoff(DistributedServerClient client, String target) throws Exception {
        Session s = sessions.get(client);
        if (s == null) {
            return;
        }
        synchronized (s) {
            server.handoff(client, target, s.save());
            s.gone = true;
            sessions.remove(client, s);
        }
        System.err.println("handed " + client.getAddress().getHostAddress() + " to " + target + " (total " + s.total + ")");
    }

    private void run() throws Exception {
        server.setReceiveHandler((ds, client) -> start(client, client.getState()));
        server.setHandoffRequestHandler((ds, client, target) -> handoff(client, target));
        System.out.println("ready " + node);
        System.out.flush();
        while (true) {
            Stream s = server.serve();
            DistributedServerClient client = server.getClient(s);
            Session known = sessions.get(client);
            if (known != null) {
                known.add(s); // one more connection of a client served here
            } else {
                start(client, new byte[0]);
            }
        }
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: CounterServer ds://[service-address]:port[?socket=/path/to/dsco.sock]");
            System.exit(2);
        }
        try (DistributedServer server = DistributedServerFactory.createDistributedServer(URLFactory.createURL(args[0]))) {
            new CounterServer(server).run();
        } catch (SagaException e) {
            System.out.println("error " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(3);
        } catch (Exception e) {
            System.out.println("error " + e);
            System.exit(1);
        }
    }
}
