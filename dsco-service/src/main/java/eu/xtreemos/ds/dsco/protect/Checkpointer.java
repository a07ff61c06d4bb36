package eu.xtreemos.ds.dsco.protect;

import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.handoff.Cluster;
import eu.xtreemos.ds.dsco.handoff.ConnectionEngine;
import eu.xtreemos.ds.dsco.handoff.PacketFilter;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import eu.xtreemos.ds.dsco.peer.ProtectMessage;
import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.ConnectionStateCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The serving node's side of a protected service (docs/fault-tolerance.md): CHECKPOINT holds the client's arriving
 * packets for the instant of the dump, freezes, dumps and re-activates each connection in place, and returns; the
 * checkpoint then travels to the client's backup ({@link BackupRing}) and, once acknowledged, releases the output it
 * covers ({@link OutputHold}). Shipping is per client and coalescing: a checkpoint waiting to leave is replaced by a
 * newer one, which covers everything it would have.
 */
public final class Checkpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
    private static final Duration SHIP_TIMEOUT = Duration.ofSeconds(2);
    private static final long RETRY_MILLIS = 50;
    /**
     * The send and receive buffer of a protected connection, set at its first checkpoint: every checkpoint carries
     * what they hold, and what the node sends waits for the checkpoint anyway, so larger buffers only make each
     * checkpoint costlier (the kernel doubles the value: 64 KiB each way).
     */
    static final int BUFFER_BYTES = 32 * 1024;
    /**
     * The congestion control of a protected connection. Not BBR: output held until each checkpoint makes the path look
     * like one of bursts and idle gaps, and BBR's estimate of it keeps the window at a few segments per checkpoint;
     * CUBIC grows its window with each acknowledged burst.
     */
    static final String CONGESTION = "cubic";

    /** Why a checkpoint was not taken; the caller's sockets are live and unchanged. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private record Key(String service, InetAddress client) {
    }

    /** A checkpoint waiting to leave: what it carries, and what each connection's acknowledgement covers. */
    private record Pending(long sequence, List<byte[]> states, byte[] appState, List<Cover> covers) {
    }

    private record Cover(OutputCommit.Conn conn, int sendSeq, int recvSeq) {
    }

    /** One protected client here: the connections of its last checkpoint, and the one waiting to ship. */
    private static final class Client {
        Set<OutputCommit.Conn> conns = Set.of();
        Pending waiting;
        boolean shipping;
        String lastBackup;
    }

    private final Supplier<DscoConfig> config;
    private final PacketFilter filter;
    private final ConnectionEngine engine;
    private final Function<InetAddress, Object> locks;
    private final Cluster cluster;
    private final OutputHold hold;
    private final Supplier<List<String>> liveNodes;
    private final Map<Key, Client> clients = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() << 16); // grows across restarts too
    private final ExecutorService shippers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "checkpoint-ship");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean alone = new AtomicBoolean();
    final LongAdder taken = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    final LongAdder unprotected = new LongAdder();
    final LongAdder dumpNanos = new LongAdder();

    public Checkpointer(Supplier<DscoConfig> config, PacketFilter filter, ConnectionEngine engine, Function<InetAddress, Object> locks,
                        Cluster cluster, OutputHold hold, Supplier<List<String>> liveNodes) {
        this.config = config;
        this.filter = filter;
        this.engine = engine;
        this.locks = locks;
        this.cluster = cluster;
        this.hold = hold;
        this.liveNodes = liveNodes;
    }

    /**
     * Checkpoints the client's connections {@code fds} (all of them) with the application's state; no fds: the
     * client ended. Returns the checkpoint's number once the dump is done; shipping follows.
     */
    public long checkpoint(String serviceId, InetAddress client, int[] fds, byte[] appState) throws Refused {
        DscoConfig.Service service = config.get().service(serviceId);
        if (service == null) {
            throw new Refused("unknown service '" + serviceId + "'");
        }
        if (!service.protectedService()) {
            throw new Refused("service '" + serviceId + "' is not protected (service." + serviceId + ".protected)");
        }
        List<OutputCommit.Conn> conns = checkSockets(service, client, fds);
        Key key = new Key(serviceId, client);
        if (fds.length == 0) {
            ended(key);
            return sequence.incrementAndGet();
        }
        Client known = clients.get(key);
        for (int i = 0; i < fds.length; i++) {
            if (known == null || !known.conns.contains(conns.get(i))) {
                try {
                    engine.protect(fds[i], BUFFER_BYTES, CONGESTION);
                } catch (RuntimeException e) {
                    log.warn("could not ready a connection of {} for output commit (buffers, {}): {}", client.getHostAddress(),
                            CONGESTION, e.getMessage());
                }
            }
        }
        List<byte[]> states = new ArrayList<>(fds.length);
        List<Cover> covers = new ArrayList<>(fds.length);
        long t0 = System.nanoTime();
        synchronized (locks.apply(client)) { // no handoff of this client meanwhile
            try {
                filter.hold(serviceId, client); // a socket in repair mode still takes what arrives: the dump must not race it
            } catch (IOException e) {
                throw new Refused("cannot hold the client's packets for the dump: " + e.getMessage());
            }
            try {
                for (int fd : fds) {
                    ConnectionState st;
                    engine.freeze(fd);
                    try {
                        st = engine.dump(fd);
                    } finally {
                        engine.unfreeze(fd);
                    }
                    states.add(ConnectionStateCodec.encode(st));
                    covers.add(new Cover(conn(st), st.sendSeq(), st.recvSeq()));
                }
            } catch (RuntimeException e) {
                throw new Refused("dump failed: " + e.getMessage());
            } finally {
                try {
                    filter.release(serviceId, client);
                } catch (IOException e) {
                    log.error("releasing the packets of {} held for a checkpoint: {}", client.getHostAddress(), e.getMessage());
                }
            }
        }
        dumpNanos.add(System.nanoTime() - t0);
        taken.increment();
        long seq = sequence.incrementAndGet();
        Pending p = new Pending(seq, states, appState, covers);
        Set<OutputCommit.Conn> now = new HashSet<>();
        covers.forEach(c -> now.add(c.conn()));
        Client c = clients.computeIfAbsent(key, k -> new Client());
        Set<OutputCommit.Conn> gone;
        boolean start;
        synchronized (c) {
            gone = new HashSet<>(c.conns);
            gone.removeAll(now);
            c.conns = now;
            c.waiting = p;
            start = !c.shipping;
            c.shipping = true;
        }
        gone.forEach(hold::unprotect); // the application left them out: closed, or ending
        if (start) {
            shippers.execute(() -> ship(key, c));
        }
        return seq;
    }

    /** The client ended (or left this node): its connections pass unheld and its backup forgets it. */
    public void ended(String serviceId, InetAddress client) {
        ended(new Key(serviceId, client));
    }

    private void ended(Key key) {
        Client c = clients.remove(key);
        if (c == null) {
            return;
        }
        String backup;
        synchronized (c) {
            c.waiting = null;
            c.conns.forEach(hold::unprotect);
            backup = c.lastBackup;
        }
        if (backup != null) {
            shippers.execute(() -> {
                try {
                    cluster.call(backup, new ProtectMessage.Forget(key.service(), key.client()), SHIP_TIMEOUT);
                } catch (IOException e) {
                    log.debug("telling {} to forget {}: {}", backup, key.client().getHostAddress(), e.getMessage());
                }
            });
        }
    }

    /** Ships the client's newest checkpoint until none waits; one shipper per client at a time keeps them in order. */
    private void ship(Key key, Client c) {
        while (true) {
            Pending p;
            synchronized (c) {
                p = c.waiting;
                c.waiting = null;
                if (p == null || clients.get(key) != c) {
                    c.shipping = false;
                    return;
                }
            }
            DscoConfig now = config.get();
            String backup = BackupRing.backupOf(now.nodeName(), liveNodes.get(), now.contact());
            if (backup == null) {
                // No node could take the client over: holding its output would only stall it.
                if (alone.compareAndSet(false, true)) {
                    log.warn("no other live node to back up protected clients: their output leaves unprotected until one joins");
                }
                unprotected.increment();
                release(p);
                continue;
            }
            if (alone.compareAndSet(true, false)) {
                log.info("{} backs up this node's protected clients again", backup);
            }
            PeerMessage answer;
            try {
                answer = cluster.call(backup, new ProtectMessage.Checkpoint(key.service(), key.client(), p.sequence(), p.states(),
                        p.appState()), SHIP_TIMEOUT);
            } catch (IOException e) {
                log.debug("checkpoint {} of {} to {}: {}", p.sequence(), key.client().getHostAddress(), backup, e.getMessage());
                retryLater(c, p);
                continue;
            }
            if (answer instanceof ProtectMessage.CheckpointAck a && a.sequence() == p.sequence() && a.ok()) {
                synchronized (c) {
                    c.lastBackup = backup;
                }
                acknowledged.increment();
                release(p);
            } else {
                log.warn("{} did not take checkpoint {} of {}: {}; its output stays held", backup, p.sequence(),
                        key.client().getHostAddress(), answer instanceof ProtectMessage.CheckpointAck a ? a.reason() : answer);
                retryLater(c, p);
            }
        }
    }

    /** Puts {@code p} back unless a newer checkpoint is waiting, after a pause (the backup may be dying or changing). */
    private void retryLater(Client c, Pending p) {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (c) {
            if (c.waiting == null) {
                c.waiting = p;
            }
        }
    }

    private void release(Pending p) {
        for (Cover k : p.covers()) {
            hold.covered(k.conn(), k.sendSeq(), k.recvSeq());
        }
    }

    /** What the stats show of this side: checkpoints taken, acknowledged, released unprotected, the dumps' time. */
    public void addCounts(Map<String, Long> out) {
        out.put("clients", (long) clients.size());
        out.put("checkpoints", taken.sum());
        out.put("checkpoints_acknowledged", acknowledged.sum());
        out.put("checkpoints_unprotected", unprotected.sum());
        out.put("dump_us_total", dumpNanos.sum() / 1000);
        out.put("output_held_now", (long) hold.heldNow());
    }

    /** The connections of {@code fds}, in order, once each is checked to be the service's and the client's. */
    private List<OutputCommit.Conn> checkSockets(DscoConfig.Service service, InetAddress client, int[] fds) throws Refused {
        List<OutputCommit.Conn> conns = new ArrayList<>(fds.length);
        for (int fd : fds) {
            InetSocketAddress[] ends;
            try {
                ends = engine.endpoints(fd);
            } catch (RuntimeException e) {
                throw new Refused("a passed descriptor is not a connected TCP socket: " + e.getMessage());
            }
            if (!ends[0].getAddress().equals(service.address()) || !service.ports().contains(ends[0].getPort())) {
                throw new Refused("a passed socket is bound to " + ends[0] + ", not to protected service " + service.id()
                        + " (IPv6 only)");
            }
            if (!ends[1].getAddress().equals(client)) {
                throw new Refused("a passed socket is connected to " + ends[1].getAddress().getHostAddress() + ", not to client "
                        + client.getHostAddress());
            }
            conns.add(new OutputCommit.Conn(ends[0].getAddress(), ends[0].getPort(), ends[1].getAddress(), ends[1].getPort()));
        }
        return conns;
    }

    static OutputCommit.Conn conn(ConnectionState st) {
        return new OutputCommit.Conn(st.local().getAddress(), st.local().getPort(), st.remote().getAddress(), st.remote().getPort());
    }

    @Override
    public void close() {
        shippers.shutdownNow();
    }
}
