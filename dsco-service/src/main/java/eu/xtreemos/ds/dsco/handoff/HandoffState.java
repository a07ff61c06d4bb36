package eu.xtreemos.ds.dsco.handoff;

import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.peer.HandoffMessage;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import eu.xtreemos.ds.tcp.RestoredConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the donor, the receiver and recovery of this node share: the ports (packet filter, socket engine, journal,
 * fault points), the handoffs prepared here and committed here, the per-client locks (one handoff of a client at a
 * time) and the grace periods of clients that left.
 */
public final class HandoffState implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HandoffState.class);
    static final SecureRandom RANDOM = new SecureRandom();
    /** Handoffs committed here are kept this long, for status queries and repeats. */
    static final long REMEMBER_COMMITTED_NANOS = 60_000_000_000L;

    /** A prepared handoff on the receiving side, waiting for commit or abort. */
    record Pending(String service, InetAddress client, byte[] appState, List<RestoredConnection> conns, long deadline) {
    }

    private record Grace(String service, InetAddress client) {
    }

    private final Supplier<DscoConfig> configs;
    final PacketFilter filter;
    final ConnectionEngine engine;
    final HandoffJournal journal;
    final FaultPoints faults;
    final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    /** Handoffs committed here, by id, with the time. */
    final Map<Long, Long> committed = new ConcurrentHashMap<>();
    final CarriedUnacknowledged carried;
    /** Counted down once the journal of a previous run is settled ({@link HandoffRecovery#recoverJournal}). */
    final CountDownLatch recovered = new CountDownLatch(1);
    /** A drain empties this node: it takes no clients in handoffs until the drain is lifted. */
    public volatile boolean draining;
    private final Map<Grace, Long> graceTokens = new ConcurrentHashMap<>();
    private final Map<InetAddress, Object> clientLocks = new ConcurrentHashMap<>();
    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "handoff-timers");
        t.setDaemon(true);
        return t;
    });

    public HandoffState(Supplier<DscoConfig> configs, PacketFilter filter, ConnectionEngine engine, HandoffJournal journal,
                        FaultPoints faults) {
        this.configs = configs;
        this.filter = filter;
        this.engine = engine;
        this.journal = journal;
        this.faults = faults;
        this.carried = new CarriedUnacknowledged(engine);
    }

    /** The current configuration (timeouts may change at run time). */
    DscoConfig config() {
        return configs.get();
    }

    /** The packet filter holds per client: one handoff of a client at a time, whatever the service. */
    public Object lockOf(InetAddress client) {
        return clientLocks.computeIfAbsent(client, c -> new Object());
    }

    /** How long a donor keeps asking a receiver that does not answer: long enough for its dsco to restart. */
    Duration statusPatience() {
        return config().timeouts().restart();
    }

    void note(String service, InetAddress client, long id, String target, HandoffJournal.Phase phase) throws IOException {
        journal.write(new HandoffJournal.Entry(service, client, id, target, phase, System.currentTimeMillis()));
    }

    /** Removes the client's record if it still is this handoff's record of that phase. */
    void forgetIf(String service, InetAddress client, long id, HandoffJournal.Phase phase) {
        try {
            HandoffJournal.Entry e = journal.read(service, client);
            if (e != null && e.id() == id && e.phase() == phase) {
                journal.remove(service, client);
            }
        } catch (IOException e) {
            log.warn("journal: {}", e.getMessage());
        }
    }

    void forget(String service, InetAddress client) {
        try {
            journal.remove(service, client);
        } catch (IOException e) {
            log.warn("journal: {}", e.getMessage());
        }
    }

    /** Late packets still on their way here are held, then dropped; afterwards the client is nobody's here. */
    void graceThenForget(String service, InetAddress client) {
        graceThenForget(service, client, config().timeouts().grace());
    }

    void graceThenForget(String service, InetAddress client, Duration grace) {
        long token = RANDOM.nextLong();
        Grace key = new Grace(service, client);
        graceTokens.put(key, token);
        timers.schedule(() -> {
            if (graceTokens.remove(key, token)) {
                try {
                    filter.take(service, client);
                    filter.release(service, client);
                } catch (IOException e) {
                    log.warn("ending the grace period of {}: {}", client.getHostAddress(), e.getMessage());
                }
            }
        }, grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The client comes back before its grace period ended: the period's end must not let it go. */
    void endGrace(String service, InetAddress client) {
        graceTokens.remove(new Grace(service, client));
    }

    /**
     * A prepared handoff that will not be committed: the packets held here belong to no socket on this node —
     * released, they would be answered with a reset — so they are dropped (the client's TCP sends them again
     * to the donor), and the client stays held until the redirect has surely gone back.
     */
    void dropHeldAndForgetLater(String service, InetAddress client) {
        try {
            filter.take(service, client);
        } catch (IOException e) {
            log.warn("dropping held packets of {}: {}", client.getHostAddress(), e.getMessage());
        }
        graceThenForget(service, client);
    }

    static void discard(List<RestoredConnection> conns) {
        for (RestoredConnection r : conns) {
            try {
                r.discard(); // still in repair mode: silent
            } catch (IOException e) {
                log.warn("discarding a restored socket: {}", e.toString());
            }
        }
    }

    /** A readable reason even for exceptions without a message (EOFException: the peer closed). */
    static String reason(Exception e) {
        if (e instanceof EOFException) {
            return "the receiver closed the link (did its dsco die?)";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    static String describe(PeerMessage m) {
        if (m instanceof PeerMessage.Result r) {
            return r.ok() ? "ok" : "error: " + r.reason();
        }
        if (m instanceof HandoffMessage.Committed c) {
            return c.ok() ? "committed" : "not committed: " + c.reason();
        }
        if (m instanceof HandoffMessage.StatusReply s) {
            return "state '" + s.state() + "'";
        }
        return m == null ? "nothing" : m.getClass().getSimpleName();
    }

    @Override
    public void close() {
        timers.shutdownNow();
        pending.values().forEach(h -> discard(h.conns()));
        pending.clear();
    }
}
