package eu.xtreemos.gecko;

import eu.xtreemos.xosaga.DistributedServer;
import eu.xtreemos.xosaga.DistributedServerClient;
import eu.xtreemos.xosaga.ReceivedClient;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.stream.StreamState;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.io.Serializable;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A distributed server run for the application, one {@link ClientHandler} per client (the Gecko framework of the
 * XtreemOS Distributed Servers, on the SAGA / XOSAGA API). Gecko accepts the clients that reach this node, makes
 * a handler for each with the application's {@link HandlerFactory}, gives it what the client sends, hands clients
 * off when asked (an operator's {@code dsctl handoff}, the application's {@link #handoff}, or the handler itself
 * through {@link Client#handoff}) carrying the handler's {@link ClientHandler#state()} and the output not yet sent,
 * and takes the clients handed to this node, making their handlers with {@link HandlerFactory#resume} so they
 * continue where the other node's stopped.
 *
 * <p>On a protected distributed server ({@link DistributedServer#isProtected}) Gecko checkpoints each client with
 * exactly what a handoff would carry, so that the client's backup node, if this node crashes, receives it from the
 * last checkpoint as from a handoff and resumes its handler the same way: after every handler call, new connection,
 * closed connection and output the sockets took, at most one per {@link Builder#checkpointMillis}; at once when a
 * client arrives; and, when the client ends, a last one that has the backup forget it.
 *
 * <pre>{@code
 * DistributedServer ds = DistributedServerFactory.createDistributedServer(URLFactory.createURL("ds://[fd00:5::1]:7000"));
 * try (Gecko<Counter> gecko = Gecko.builder(ds, new CounterHandlers()).start()) {
 *     gecko.join();
 * }
 * }</pre>
 *
 * @param <S> the handlers' state
 */
public final class Gecko<S extends Serializable> implements AutoCloseable {
    private static final Logger LOG = System.getLogger(Gecko.class.getName());

    private final DistributedServer server;
    private final HandlerFactory<S> factory;
    private final StateCodec<S> codec;
    private final ErrorHandler errors;
    private final int readBufferSize;
    private final int maxPending;
    private final String node;
    private final Map<InetAddress, GeckoClient<S>> clients = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ScheduledExecutorService ticker;
    private final Thread acceptor;
    private final long checkpointNanos;
    /** Takes the checkpoints events did not (rate-bounded, or the output a socket took later); null: not protected. */
    private final ScheduledExecutorService checkpointer;

    /** How a {@link Gecko} is set up; {@link #start()} starts it. */
    public static final class Builder<S extends Serializable> {
        private final DistributedServer server;
        private final HandlerFactory<S> factory;
        private long tickMillis;
        private long checkpointMillis;
        private StateCodec<S> codec = StateCodec.javaSerialization();
        private ErrorHandler errors = new ErrorHandler() {
            @Override
            public boolean failed(Client client, Exception e) {
                LOG.log(Level.WARNING, "gecko: " + client + ": " + e);
                return true;
            }

            @Override
            public boolean checkpointFailed(Client client, Exception e) {
                return false; // logged by Gecko already
            }
        };
        private int readBufferSize = 64 * 1024;
        private int maxPending = 8 * 1024;

        private Builder(DistributedServer server, HandlerFactory<S> factory) {
            this.server = server;
            this.factory = factory;
        }

        /** Calls every handler's {@link ClientHandler#tick()} every {@code millis} ms (0, the default: never). */
        public Builder<S> tickMillis(long millis) {
            this.tickMillis = millis;
            return this;
        }

        /**
         * On a protected distributed server, at most one checkpoint of a client per {@code millis} ms (0, the default:
         * after every event). A change not covered yet is always checkpointed within that time, events or not.
         * What the node sends a protected client waits for the checkpoint covering it, so a longer interval costs
         * latency and saves checkpoints (CPU, backup traffic) under load. No effect on an unprotected server.
         */
        public Builder<S> checkpointMillis(long millis) {
            this.checkpointMillis = millis;
            return this;
        }

        /** How handler states become bytes and back (default: {@link StateCodec#javaSerialization()}). */
        public Builder<S> stateCodec(StateCodec<S> codec) {
            this.codec = codec;
            return this;
        }

        /** Who hears of failures (default: printed to stderr, and the client's connections closed). */
        public Builder<S> errors(ErrorHandler errors) {
            this.errors = errors;
            return this;
        }

        /** At most how many bytes one {@link ClientHandler#received} call gets (default 64 KiB). */
        public Builder<S> readBufferSize(int bytes) {
            this.readBufferSize = bytes;
            return this;
        }

        /**
         * How much output may wait per connection before Gecko stops reading from it (default 8 KiB; 0: no
         * limit). Output waits when the client does not read; reading no more then lets TCP slow the client down,
         * and keeps what a handoff carries small: the unsent output of all the client's connections and the
         * handler's state travel together, at most 64 KiB. A handler never gets more in one call than this
         * limit minus what is waiting.
         */
        public Builder<S> maxPendingPerConnection(int bytes) {
            this.maxPending = bytes;
            return this;
        }

        /**
         * Takes over the distributed server's receive and handoff-request handlers and starts accepting clients.
         *
         * @throws BadParameterException a missing server or factory, a negative tick, a buffer under 1 byte
         * @throws SagaException         the server cannot say which node this is, or is closed
         */
        public Gecko<S> start() throws SagaException {
            if (server == null || factory == null || codec == null || errors == null) {
                throw new BadParameterException("gecko needs a distributed server, a handler factory, a state codec"
                        + " and an error handler");
            }
            if (tickMillis < 0 || readBufferSize < 1 || maxPending < 0 || checkpointMillis < 0) {
                throw new BadParameterException("gecko: tick " + tickMillis + " ms, read buffer " + readBufferSize
                        + " bytes, pending output " + maxPending + " bytes, checkpoint interval " + checkpointMillis
                        + " ms: the tick must be 0 (none) or more, the buffer 1 byte or more, the pending limit 0 (none)"
                        + " or more, the checkpoint interval 0 (every event) or more");
            }
            return new Gecko<>(this);
        }
    }

    /** Sets up Gecko for {@code server}, with handlers made by {@code factory}. */
    public static <S extends Serializable> Builder<S> builder(DistributedServer server, HandlerFactory<S> factory) {
        return new Builder<>(server, factory);
    }

    private Gecko(Builder<S> b) throws SagaException {
        this.server = b.server;
        this.factory = b.factory;
        this.codec = b.codec;
        this.errors = b.errors;
        this.readBufferSize = b.readBufferSize;
        this.maxPending = b.maxPending;
        this.node = server.getLocalNode().name();
        this.checkpointNanos = TimeUnit.MILLISECONDS.toNanos(b.checkpointMillis);
        if (server.isProtected()) {
            checkpointer = Executors.newScheduledThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors() / 2), r -> {
                Thread t = new Thread(r, "gecko-checkpoint");
                t.setDaemon(true);
                return t;
            });
        } else {
            checkpointer = null;
        }
        CodecWarmup.run(codec, CodecWarmup.rounds()); // before the first client can be handed here
        server.setReceiveHandler((ds, client) -> received(client));
        server.setHandoffRequestHandler((ds, client, to) -> handoff(client.getAddress(), to));
        if (b.tickMillis > 0) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gecko-tick");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(() -> clients.values().forEach(GeckoClient::tick), b.tickMillis, b.tickMillis,
                    TimeUnit.MILLISECONDS);
        } else {
            ticker = null;
        }
        acceptor = new Thread(this::acceptLoop, "gecko-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    // ------------------------------------------------------------------ for the application

    /** The distributed server Gecko serves. */
    public DistributedServer server() {
        return server;
    }

    /** This node's name. */
    public String node() {
        return node;
    }

    /** The clients served here now. */
    public List<Client> clients() {
        return new ArrayList<>(clients.values());
    }

    /** The client with {@code address}, if it is served here. */
    public Optional<Client> client(InetAddress address) {
        return Optional.ofNullable(clients.get(address));
    }

    /**
     * Hands the client with {@code address} to {@code node}; see {@link Client#handoff}.
     *
     * @throws DoesNotExistException no such client is served here
     */
    public void handoff(InetAddress address, String node) throws SagaException {
        GeckoClient<S> c = clients.get(address);
        if (c == null) {
            throw new DoesNotExistException("handoff: " + address.getHostAddress() + " is not served by " + this.node);
        }
        c.handoff(node);
    }

    /** Waits until {@link #close()} is called (for a program whose main thread has nothing else to do). */
    public void join() throws InterruptedException {
        closed.await();
    }

    /**
     * Stops accepting, ticking and receiving clients, and closes the connections of the clients served here. The
     * distributed server stays open (the application made it, the application closes it).
     */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        closed.countDown();
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (checkpointer != null) {
            checkpointer.shutdownNow(); // the clients are closed below: their backups forget them
        }
        try {
            server.setReceiveHandler(null);
            server.setHandoffRequestHandler(null);
        } catch (IncorrectStateException e) {
            // the server was closed first
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (GeckoClient<S> c : clients.values()) {
            c.closeAll();
        }
    }

    // ------------------------------------------------------------------ for the clients

    StateCodec<S> codec() {
        return codec;
    }

    int readBufferSize() {
        return readBufferSize;
    }

    int maxPending() {
        return maxPending;
    }

    /** Whether clients are checkpointed (the server is protected). */
    boolean checkpointing() {
        return checkpointer != null;
    }

    long checkpointNanos() {
        return checkpointNanos;
    }

    /** Runs {@code c}'s checkpoint timer in {@code nanos}. */
    void checkpointLater(GeckoClient<S> c, long nanos) {
        try {
            checkpointer.schedule(c::timer, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // Gecko is closing: its clients are closed and their backups told
        }
    }

    /** Tells the application's error handler of a failed checkpoint; closes the client if it says so. */
    void checkpointFailed(GeckoClient<S> c, Exception e) {
        boolean close = false;
        try {
            close = errors.checkpointFailed(c, e);
        } catch (RuntimeException x) {
            LOG.log(Level.WARNING, "gecko: the error handler failed on " + e + ": " + x);
        }
        if (close) {
            c.closeAll();
        }
    }

    void forget(GeckoClient<S> c) {
        clients.remove(c.address(), c);
    }

    /** Tells the application's error handler; closes the client if it says so. */
    void failed(GeckoClient<S> c, Exception e) {
        boolean close = true;
        try {
            close = errors.failed(c, e);
        } catch (RuntimeException x) {
            LOG.log(Level.WARNING, "gecko: the error handler failed on " + e + ": " + x);
        }
        if (close) {
            c.closeAll();
        }
    }

    /** The adaptor's view of the client {@code s} belongs to. */
    DistributedServerClient dsClientOf(GeckoClient<S> c, Stream s) throws SagaException {
        try {
            return server.getClient(s);
        } catch (DoesNotExistException e) {
            throw new IncorrectStateException("handoff of " + c + ": the server does not know its connection any more: "
                    + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ accepting and receiving

    private void acceptLoop() {
        while (closed.getCount() > 0) {
            Stream s;
            try {
                s = server.serve(0.5f);
            } catch (IncorrectStateException e) {
                return; // the server was closed
            } catch (SagaException e) {
                LOG.log(Level.WARNING, "gecko: accepting clients: " + e.getMessage());
                pause();
                continue;
            }
            if (s != null) {
                accepted(s);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A new connection: of a client served here already, or of a new client (a new handler). */
    private void accepted(Stream s) {
        InetAddress address;
        try {
            address = server.getClient(s).getAddress();
        } catch (SagaException e) {
            return; // it went with a handoff (or was closed) before we looked
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            GeckoClient<S> fresh = new GeckoClient<>(this, address);
            GeckoClient<S> c = clients.putIfAbsent(address, fresh);
            boolean isNew = c == null;
            c = isNew ? fresh : c;
            synchronized (c) {
                if (!c.isServedHere()) {
                    clients.remove(address, c); // handed off or ended while we looked: a new client after all
                    continue;
                }
                c.beginEvent();
                try {
                    if (isNew) {
                        c.setHandler(factory.create(c), 0);
                    }
                    if (s.getState() == StreamState.OPEN && c.connectionOf(s) == null) {
                        c.attach(s, -1, null, true);
                    }
                } catch (Exception e) {
                    if (c.connectionOf(s) == null) {
                        closeQuietly(s); // not served: the client must not wait on it
                    }
                    failed(c, e);
                } finally {
                    c.endEvent();
                }
                return;
            }
        }
    }

    /** A client handed to this node: its connections, and a handler resumed from the state that came with it. */
    private void received(ReceivedClient rc) {
        GeckoClient<S> c = new GeckoClient<>(this, rc.getAddress());
        synchronized (c) {
            Envelope env;
            S state;
            try {
                env = Envelope.decode(rc.getState());
                state = codec.decode(env.state());
            } catch (IOException | RuntimeException e) {
                failed(c, new IOException("the state that came with the client cannot be read: " + e.getMessage(), e));
                rc.getStreams().forEach(Gecko::closeQuietly);
                return;
            }
            GeckoClient<S> old = clients.put(rc.getAddress(), c);
            try {
                List<Stream> streams = new ArrayList<>(rc.getStreams());
                if (old != null) {
                    streams.removeIf(s -> old.connectionOf(s) != null); // served here already (see below)
                }
                if (streams.size() != env.conns().size()) {
                    LOG.log(Level.INFO, "gecko: " + c + " arrived with " + streams.size() + " connections, its state lists "
                            + env.conns().size() + "; the ones beyond the state are new connections to its handler");
                }
                c.setHandler(null, env.nextId());
                List<GeckoConnection> fresh = new ArrayList<>();
                for (int i = 0; i < streams.size(); i++) {
                    if (i < env.conns().size()) {
                        Envelope.Conn e = env.conns().get(i);
                        c.attach(streams.get(i), e.id(), e.pending(), false);
                    } else {
                        fresh.add(c.attach(streams.get(i), -1, null, false));
                    }
                }
                c.setHandler(factory.resume(c, state), env.nextId());
                for (GeckoConnection f : fresh) {
                    c.announce(f);
                }
                if (old != null) {
                    // The client opened a connection to this node while it was being handed here: one client.
                    for (GeckoConnection oc : old.takeConnections()) {
                        c.announce(c.attach(oc.stream, -1, oc.unsent(), false));
                    }
                }
                c.checkpointSoon(); // its backup must hold it before what this node sends it can leave
            } catch (Exception e) {
                failed(c, e);
            }
        }
    }

    private static void closeQuietly(Stream s) {
        try {
            s.close();
        } catch (SagaException e) {
            // nothing to release
        }
    }

    @Override
    public String toString() {
        return "gecko on " + node + " (" + clients.size() + " clients)";
    }
}
