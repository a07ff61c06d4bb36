package eu.xtreemos.ds.dsco.handoff;

import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import eu.xtreemos.ds.kernel.LibC;
import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.ConnectionStateCodec;
import eu.xtreemos.ds.tcp.InvalidStateException;
import eu.xtreemos.ds.tcp.RawTcpSocket;
import eu.xtreemos.ds.tcp.RestoredConnection;
import eu.xtreemos.ds.tcp.SocketEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static eu.xtreemos.ds.kernel.Errno.EADDRNOTAVAIL;

/**
 * Both sides of a handoff between dsco daemons, as a two-phase protocol (docs/dsco-protocol.md):
 * <ol>
 * <li>donor: drain, hold the client's packets, freeze and dump; <b>prepare</b> at the receiver, which
 *     restores the connections in repair mode and holds the client's packets too;</li>
 * <li>donor: switch the redirect at the HA; <b>commit</b>, shipping the packets it held; the receiver
 *     activates, delivers the shipped and its own held packets, and gives the sockets to its application;</li>
 * <li>donor: forget the frozen sockets.</li>
 * </ol>
 * Until the commit is acknowledged the donor can take everything back (<b>abort</b>): the redirect
 * is switched back if needed, its sockets are re-activated in place and the held packets released to
 * them. A handoff never leaves the client without a live copy of its connections.
 */
public final class HandoffCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HandoffCoordinator.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the donating application is told. */
    public record Outcome(boolean ok, String message, HandoffTimeline timeline) {
    }

    /** A prepared handoff on the receiving side, waiting for commit or abort. */
    private record Pending(String service, InetAddress client, byte[] appState, List<RestoredConnection> conns, long deadline) {
    }

    private final java.util.function.Supplier<DscoConfig> configs;
    private final PacketFilter filter;
    private final Cluster cluster;
    private final Redirect redirect;
    private final ReceivingApps apps;
    private final ClientRegistry registry;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    /** Handoffs committed here, by id, with the time: kept a minute for status queries and repeats. */
    private final Map<Long, Long> committed = new ConcurrentHashMap<>();
    private static final long REMEMBER_COMMITTED_NANOS = 60_000_000_000L;
    private record Grace(String service, InetAddress client) {
    }

    private final Map<Grace, Long> graceTokens = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "handoff-timers");
        t.setDaemon(true);
        return t;
    });

    private final HandoffJournal journal;
    private final java.util.concurrent.CountDownLatch recovered = new java.util.concurrent.CountDownLatch(1);

    public HandoffCoordinator(java.util.function.Supplier<DscoConfig> configs, PacketFilter filter, Cluster cluster, Redirect redirect,
                              ReceivingApps apps, ClientRegistry registry, HandoffJournal journal) {
        this.redirect = redirect;
        this.journal = journal;
        this.configs = configs;
        this.filter = filter;
        this.cluster = cluster;
        this.apps = apps;
        this.registry = registry;
        timers.scheduleAtFixedRate(this::expirePending, 1, 1, TimeUnit.SECONDS);
    }

    /** The current configuration (timeouts may change at run time). */
    private DscoConfig config() {
        return configs.get();
    }

    // ------------------------------------------------------------------ donor

    /**
     * Hands the client's connections to {@code target}. The fds belong to the caller, who closes them
     * afterwards: on success they are frozen (closing sends nothing), on failure live again.
     */
    public Outcome donate(String serviceId, InetAddress client, String target, int[] fds, byte[] appState) {
        // The packet filter holds per client: one handoff of a client at a time, whatever the service.
        synchronized (clientLocks.computeIfAbsent(client, c -> new Object())) {
            return donateLocked(serviceId, client, target, fds, appState);
        }
    }

    /**
     * The most queued data one handoff carries. The donor holds it twice at the peak (the states and the
     * message), the receiver three times (sealed, opened, decoded): a sixth of the heap leaves room for the rest.
     */
    static final long MAX_STATE_BYTES = Runtime.getRuntime().maxMemory() / 6;

    private static String tooMuchQueued(int connections, long bytes) {
        return "not handed off: its " + connections + " connections hold " + mib(bytes) + " MiB of queued data, more than one"
                + " handoff carries (" + mib(MAX_STATE_BYTES) + " MiB, a sixth of dsco's heap: raise -Xmx to carry more); the"
                + " client stays here while its queues drain";
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    private final Map<InetAddress, Object> clientLocks = new ConcurrentHashMap<>();
    private final CarriedUnacknowledged carried = new CarriedUnacknowledged();

    private Outcome donateLocked(String serviceId, InetAddress client, String target, int[] fds, byte[] appState) {
        HandoffTimeline t = new HandoffTimeline();
        DscoConfig.Service service = config().service(serviceId);
        String refusal = checkDonation(service, serviceId, client, target, fds);
        if (refusal != null) {
            return new Outcome(false, refusal, t);
        }
        Duration flush = config().timeouts().flush();
        long flushDeadline = System.nanoTime() + flush.toNanos();
        for (int fd : fds) {
            if (carried.clientLacks(fd) == null) { // bytes the client lacks are not acknowledged by waiting
                SocketEngine.flush(fd, Duration.ofNanos(Math.max(0, flushDeadline - System.nanoTime())));
            }
        }
        t.mark("flush");
        long queued = 0;
        for (int fd : fds) {
            queued += SocketEngine.sendQueueBytes(fd) + SocketEngine.receiveQueueBytes(fd);
        }
        if (queued > MAX_STATE_BYTES) { // checked before the dump, which would hold it all
            String why = tooMuchQueued(fds.length, queued);
            log.info("handoff of {} ({}) to {} refused: {}", client.getHostAddress(), serviceId, target, why);
            return new Outcome(false, why, t);
        }
        if (config().fault().equals("die-before-freeze")) {
            log.error("debug.fault=die-before-freeze: stopping dead after the flush, before anything is frozen");
            Runtime.getRuntime().halt(137);
        }

        long id = RANDOM.nextLong();
        long stateBytes = 0;
        List<Integer> frozen = new ArrayList<>();
        boolean steered = false;
        List<byte[]> shipped = List.of();
        try {
            note(serviceId, client, id, target, HandoffJournal.Phase.FREEZING); // before anything is frozen
            filter.hold(serviceId, client);
            t.mark("hold");
            List<byte[]> states = new ArrayList<>();
            for (int fd : fds) {
                frozen.add(fd);
                filter.mute(fd);
                SocketEngine.freeze(fd);
                ConnectionState state = SocketEngine.dump(fd);
                String lacks = carried.clientLacks(fd); // the client's packets are held: this no longer changes
                if (lacks != null) {
                    log.info("{}: {} sends them at once", lacks, target);
                    state = state.resendingUnacknowledged();
                }
                byte[] encoded = ConnectionStateCodec.encode(state);
                stateBytes += encoded.length;
                states.add(encoded);
            }
            t.mark("freeze+dump");
            if (stateBytes > MAX_STATE_BYTES) { // grown since the check before freezing
                throw new HandoffFailure(tooMuchQueued(fds.length, stateBytes));
            }

            PeerMessage answer = cluster.call(target, new PeerMessage.Prepare(id, serviceId, client, config().nodeName(), appState,
                    states), config().timeouts().prepare());
            if (!(answer instanceof PeerMessage.Prepared p) || p.id() != id) {
                throw new HandoffFailure("receiver " + target + " answered prepare with " + describe(answer));
            }
            if (!p.ok()) {
                throw new HandoffFailure("receiver " + target + " refused: " + p.reason());
            }
            t.add("restore", p.restoreNanos());
            t.mark("prepare");
            try {
                redirect.redirect(serviceId, client, target);
            } catch (IOException e) {
                abortAtReceiver(target, id);
                throw new HandoffFailure("the client's traffic was not redirected to " + target + ": " + e.getMessage());
            }
            steered = true;
            note(serviceId, client, id, target, HandoffJournal.Phase.STEERED);
            if (config().fault().equals("die-after-steer")) {
                log.error("debug.fault=die-after-steer: stopping dead between redirect and commit");
                Runtime.getRuntime().halt(137);
            }
            t.mark("redirect");
            shipped = filter.take(serviceId, client);
            PeerMessage done;
            try {
                done = cluster.call(target, new PeerMessage.Commit(id, shipped), config().timeouts().commit());
            } catch (IOException e) {
                done = askStatus(target, id, e);
            }
            if (!(done instanceof PeerMessage.Committed c) || c.id() != id || !c.ok()) {
                throw new HandoffFailure("receiver " + target + " did not commit: " + describe(done));
            }
            t.add("activate", c.activateNanos());
            t.mark("commit");
            note(serviceId, client, id, target, HandoffJournal.Phase.COMMITTED);
        } catch (HandoffFailure | IOException | RuntimeException e) {
            takeBack(serviceId, client, frozen, steered, shipped);
            forget(serviceId, client);
            String why = e instanceof HandoffFailure ? e.getMessage() : "handoff to " + target + " failed: " + reason(e);
            log.warn("handoff of {} ({}) to {} failed, connections live here again: {}", client.getHostAddress(), serviceId, target, why);
            return new Outcome(false, why, t);
        }
        // The fds stay open: the caller closes its copies (the sockets are frozen, so that sends nothing).
        graceThenForget(serviceId, client);
        for (int fd : fds) {
            carried.left(fd);
        }
        registry.movedAway(serviceId, client, target, fds.length);
        t.mark("release");
        log.info("handed off {} ({}, {} connections, {} KiB of state) to {}: {}", client.getHostAddress(), serviceId, fds.length,
                (stateBytes + 1023) / 1024, target, t);
        return new Outcome(true, "handed off to " + target, t);
    }

    private String checkDonation(DscoConfig.Service service, String serviceId, InetAddress client, String target, int[] fds) {
        if (service == null) {
            return "unknown service '" + serviceId + "'";
        }
        if (target.equals(config().nodeName())) {
            return "the client is already served by " + target;
        }
        if (!config().nodes().containsKey(target)) {
            return "unknown node '" + target + "' (known: " + config().nodes().keySet() + ")";
        }
        if (fds.length == 0) {
            return "no connections were passed";
        }
        for (int fd : fds) {
            try {
                InetSocketAddress[] ends = SocketEngine.endpoints(fd);
                InetAddress local = ends[0].getAddress();
                if (!(local.equals(service.address()) || local.equals(service.address4()))
                        || !service.ports().contains(ends[0].getPort())) {
                    return "a passed socket is bound to " + ends[0] + ", not to service " + serviceId;
                }
                if (!ends[1].getAddress().equals(client)) {
                    return "a passed socket is connected to " + ends[1].getAddress().getHostAddress() + ", not to client "
                            + client.getHostAddress();
                }
            } catch (RuntimeException e) {
                return "a passed descriptor is not a connected TCP socket: " + e.getMessage();
            }
        }
        return null;
    }

    /**
     * The commit's answer was lost. The receiver records a handoff before activating its connections, so its
     * answer, from a restarted dsco too, says whether they are live there. A receiver still holding the handoff
     * only prepared is told to abort, then asked once more: a commit still under way there either won (and
     * the handoff counts as done) or finds nothing left to commit.
     */
    private PeerMessage askStatus(String target, long id, IOException cause) throws HandoffFailure {
        String state = receiverState(target, id);
        if (state == null) {
            throw new HandoffFailure("receiver " + target + " gone during commit (" + reason(cause) + ") and not back within "
                    + statusPatience().toMillis() + " ms");
        }
        if (state.equals("prepared")) {
            abortAtReceiver(target, id);
            state = receiverState(target, id);
        }
        if ("committed".equals(state)) {
            return new PeerMessage.Committed(id, true, "", 0);
        }
        throw new HandoffFailure("commit answer lost (" + reason(cause) + ") and the receiver reports state '" + state + "'");
    }

    /** How long a donor keeps asking a receiver that does not answer: long enough for its dsco to restart. */
    private Duration statusPatience() {
        return config().timeouts().commit().multipliedBy(5);
    }

    /**
     * What the receiver says of handoff {@code id} ("committed", "prepared" or "unknown"), asked on fresh links
     * until it answers; null if it did not within {@link #statusPatience()} (its node is gone, and with it
     * whatever it had activated).
     */
    private String receiverState(String target, long id) {
        long deadline = System.nanoTime() + statusPatience().toNanos();
        while (true) {
            try {
                PeerMessage m = cluster.call(target, new PeerMessage.StatusQuery(id), config().timeouts().commit());
                if (m instanceof PeerMessage.StatusReply r && r.id() == id) {
                    return r.state();
                }
                log.warn("{} answered a status query with {}", target, describe(m));
            } catch (IOException e) {
                log.debug("status of handoff {} at {}: {}", Long.toHexString(id), target, reason(e));
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private void abortAtReceiver(String target, long id) {
        try {
            cluster.call(target, new PeerMessage.Abort(id), config().timeouts().prepare());
        } catch (IOException e) {
            log.warn("abort not delivered ({}); the receiver drops the prepared handoff when it expires", e.getMessage());
        }
    }

    /** Everything back as it was: redirect, sockets, packets. */
    private void takeBack(String service, InetAddress client, List<Integer> frozen, boolean steered, List<byte[]> shipped) {
        if (steered) {
            try {
                redirect.redirect(service, client, config().nodeName());
            } catch (IOException e) {
                log.error("could not switch {} back to this node: {}", client.getHostAddress(), e.getMessage());
            }
        }
        for (int fd : frozen) {
            try {
                filter.unmute(fd);
                if (SocketEngine.frozen(fd)) {
                    SocketEngine.unfreeze(fd);
                }
            } catch (IOException | RuntimeException e) {
                log.error("could not re-activate a socket of {}: {}", client.getHostAddress(), e.getMessage());
            }
        }
        try {
            filter.release(service, client);
            filter.inject(shipped);
        } catch (IOException e) {
            log.error("could not release the held packets of {}: {}", client.getHostAddress(), e.getMessage());
        }
    }

    /** Late packets still on their way here are held, then dropped; afterwards the client is nobody's here. */
    private void graceThenForget(String service, InetAddress client) {
        graceThenForget(service, client, config().timeouts().grace());
    }

    private void graceThenForget(String service, InetAddress client, Duration grace) {
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

    private void note(String service, InetAddress client, long id, String target, HandoffJournal.Phase phase) throws IOException {
        journal.write(new HandoffJournal.Entry(service, client, id, target, phase, System.currentTimeMillis()));
    }

    /** Removes the client's record if it still is this handoff's record of that phase. */
    private void forgetIf(String service, InetAddress client, long id, HandoffJournal.Phase phase) {
        try {
            HandoffJournal.Entry e = journal.read(service, client);
            if (e != null && e.id() == id && e.phase() == phase) {
                journal.remove(service, client);
            }
        } catch (IOException e) {
            log.warn("journal: {}", e.getMessage());
        }
    }

    private void forget(String service, InetAddress client) {
        try {
            journal.remove(service, client);
        } catch (IOException e) {
            log.warn("journal: {}", e.getMessage());
        }
    }

    // ------------------------------------------------------------------ crash recovery

    /**
     * Call at start, before anything else. The in-flight lists still hold the clients a crashed run had in
     * flight; the journal says which to keep: a client this node was receiving (prepared, never committed)
     * stays held, and its packets, which the HA may still send here, are dropped until the donor has surely
     * switched it back (the donor asks for up to 5 commit timeouts and is answered "unknown"), instead of
     * meeting a stack without its connections (a reset); a client this node was handing off stays held
     * until {@link #recoverJournal} and the application's RECOVER have settled it (a frozen socket would
     * acknowledge what arrives); every other client is let go. Handoffs this node received are loaded, so
     * that status queries are answered from them before the cluster port serves.
     */
    public void settleInFlightAtStart() {
        Map<String, java.util.Set<InetAddress>> keep = new java.util.HashMap<>();
        try {
            for (HandoffJournal.Entry e : journal.all()) {
                switch (e.phase()) {
                    case RECEIVED -> committed.put(e.id(), System.nanoTime());
                    case PREPARED -> {
                        keep.computeIfAbsent(e.service(), k -> new java.util.HashSet<>()).add(e.client());
                        filter.hold(e.service(), e.client());
                        journal.remove(e.service(), e.client());
                        graceThenForget(e.service(), e.client(), statusPatience().plus(config().timeouts().grace()));
                        log.warn("recovery: the arrival of {} from {} was cut by a crash; its packets are dropped here until {} takes it back",
                                e.client().getHostAddress(), e.target(), e.target());
                    }
                    case FREEZING, STEERED -> keep.computeIfAbsent(e.service(), k -> new java.util.HashSet<>()).add(e.client());
                    default -> {
                    }
                }
            }
            filter.releaseAllBut(keep);
        } catch (IOException e) {
            log.error("recovery: cannot settle the clients left in flight: {}", e.getMessage());
        }
    }

    /**
     * Finishes or undoes the handoffs a previous run of this dsco left in its journal: a committed one is
     * kept as it is; any other is undone — the receiver is told to abort, and the HA switched back here if
     * it may have moved — so the application's frozen sockets can be re-activated ({@link #recover}).
     */
    public void recoverJournal() {
        try {
            for (HandoffJournal.Entry e : journal.all()) {
                if (e.phase() == HandoffJournal.Phase.RECEIVED || e.phase() == HandoffJournal.Phase.PREPARED) {
                    continue; // arrivals: settled at start (settleInFlightAtStart)
                }
                if (e.phase() == HandoffJournal.Phase.COMMITTED || e.phase() == HandoffJournal.Phase.TAKEN_BACK) {
                    continue;
                }
                boolean committedThere = false;
                if (e.phase() == HandoffJournal.Phase.STEERED) {
                    String state = receiverState(e.target(), e.id());
                    if ("prepared".equals(state)) {
                        abortAtReceiver(e.target(), e.id());
                        state = receiverState(e.target(), e.id());
                    }
                    committedThere = "committed".equals(state);
                    if (state == null) {
                        log.warn("recovery: {} unreachable; taking {} back", e.target(), e.client().getHostAddress());
                    }
                }
                if (committedThere) {
                    journal.write(new HandoffJournal.Entry(e.service(), e.client(), e.id(), e.target(), HandoffJournal.Phase.COMMITTED, e.sinceMillis()));
                    graceThenForget(e.service(), e.client()); // late packets dropped, then the client let go
                    log.info("recovery: the handoff of {} to {} had committed", e.client().getHostAddress(), e.target());
                    continue;
                }
                if (e.phase() == HandoffJournal.Phase.STEERED) { // first the traffic back, then the receiver lets go
                    try {
                        redirect.redirect(e.service(), e.client(), config().nodeName());
                    } catch (IOException ex) {
                        log.error("recovery: could not switch {} back here: {}", e.client().getHostAddress(), ex.getMessage());
                    }
                }
                abortAtReceiver(e.target(), e.id());
                journal.write(new HandoffJournal.Entry(e.service(), e.client(), e.id(), e.target(), HandoffJournal.Phase.TAKEN_BACK, e.sinceMillis()));
                log.warn("recovery: the handoff of {} to {} was cut by a crash; taken back, waiting for its application",
                        e.client().getHostAddress(), e.target());
            }
        } catch (IOException e) {
            log.error("recovery: cannot read the journal: {}", e.getMessage());
        } finally {
            recovered.countDown();
        }
    }

    /**
     * An application whose DONATE was cut by a crash of this dsco passes its sockets again: they are
     * re-activated here if the handoff was undone, or reported as handed off if it had committed. A frozen
     * socket with no record is left alone: it may live on another node.
     *
     * @return ok with "live" or "handed-off" in the message
     */
    public Outcome recover(String service, InetAddress client, int[] fds) {
        HandoffTimeline t = new HandoffTimeline();
        try {
            recovered.await(config().timeouts().commit().multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (clientLocks.computeIfAbsent(client, c -> new Object())) {
            try {
                HandoffJournal.Entry e = journal.read(service, client);
                boolean frozen = false;
                for (int fd : fds) {
                    frozen |= SocketEngine.frozen(fd);
                }
                // A committed handoff leaves the donor's sockets frozen. Live sockets with a COMMITTED record
                // mean the record is of an earlier handoff away, and the client has come back since: the
                // crash cut a new handoff before it froze anything.
                if (e != null && e.phase() == HandoffJournal.Phase.COMMITTED && frozen) {
                    return new Outcome(true, "handed-off to " + e.target(), t);
                }
                if (frozen && (e == null || e.phase() != HandoffJournal.Phase.TAKEN_BACK)) {
                    return new Outcome(false, "no record of an interrupted handoff of " + client.getHostAddress()
                            + "; its sockets stay frozen (they may live on another node)", t);
                }
                for (int fd : fds) {
                    filter.unmute(fd); // muted if the crash came after the mute
                    if (SocketEngine.frozen(fd)) {
                        SocketEngine.unfreeze(fd);
                    }
                }
                filter.release(service, client); // held since the crash: now to the live sockets, in order
                forget(service, client);
                log.info("recovery: {} ({}) is live here again", client.getHostAddress(), service);
                return new Outcome(true, "live", t);
            } catch (IOException | RuntimeException ex) {
                return new Outcome(false, "recovery failed: " + reason(ex), t);
            }
        }
    }

    // ------------------------------------------------------------------ receiver

    public PeerMessage onPrepare(String peer, PeerMessage.Prepare p) {
        long t0 = System.nanoTime();
        if (pending.containsKey(p.id())) { // a repeat over a fresh link: prepared already
            return new PeerMessage.Prepared(p.id(), true, "", 0);
        }
        if (config().fault().equals("die-on-prepare")) { // (receiver side)
            log.error("debug.fault=die-on-prepare: stopping dead before restoring");
            Runtime.getRuntime().halt(137);
        }
        DscoConfig.Service service = config().service(p.service());
        if (service == null) {
            return refuse(p, "service '" + p.service() + "' is not served on " + config().nodeName());
        }
        if (!apps.registered(p.service())) {
            return refuse(p, "no application on " + config().nodeName() + " is registered to receive clients of " + p.service());
        }
        List<ConnectionState> states = new ArrayList<>();
        for (int i = 0; i < p.states().size(); i++) {
            try {
                ConnectionState st = ConnectionStateCodec.decode(p.states().get(i));
                InetAddress local = st.local().getAddress();
                if (!(local.equals(service.address()) || local.equals(service.address4())) || !service.ports().contains(st.local().getPort())) {
                    return refuse(p, "connection " + i + " is local to " + st.local() + ", not to service " + p.service());
                }
                if (!st.remote().getAddress().equals(p.client())) {
                    return refuse(p, "connection " + i + " belongs to " + st.remote().getAddress().getHostAddress() + ", not to the offered client");
                }
                states.add(st);
            } catch (InvalidStateException e) {
                return refuse(p, "connection " + i + ": " + e.getMessage());
            }
        }
        redirect.prepare(p.service(), p.client()); // e.g. return routability, while the sockets are restored
        graceTokens.remove(new Grace(p.service(), p.client())); // the client comes back before its grace period ended
        List<RestoredConnection> restored = new ArrayList<>();
        try {
            note(p.service(), p.client(), p.id(), peer, HandoffJournal.Phase.PREPARED); // before the first packet is held
            filter.hold(p.service(), p.client());
            long tupleDeadline = System.nanoTime() + config().timeouts().prepare().toNanos() / 4;
            for (ConnectionState st : states) {
                restored.add(restoreWhenTupleFree(st, tupleDeadline));
            }
        } catch (IOException | RuntimeException e) {
            discard(restored);
            dropHeldAndForgetLater(p.service(), p.client());
            forgetIf(p.service(), p.client(), p.id(), HandoffJournal.Phase.PREPARED);
            return refuse(p, "restore failed: " + e.getMessage());
        }
        long deadline = System.nanoTime() + config().timeouts().prepare().plus(config().timeouts().ha()).plus(config().timeouts().commit())
                .multipliedBy(2).toNanos();
        pending.put(p.id(), new Pending(p.service(), p.client(), p.appState(), restored, deadline));
        log.info("prepared {} ({}, {} connections) from {}", p.client().getHostAddress(), p.service(), restored.size(), peer);
        return new PeerMessage.Prepared(p.id(), true, "", System.nanoTime() - t0);
    }

    /**
     * Restores one connection. A client handed away from this node and straight back finds its old,
     * frozen socket here still open for a moment (its application closes its copy once told the earlier
     * handoff is done, which may come after the client's next handoff started): until then the 4-tuple is
     * taken (EADDRNOTAVAIL). Waits for it, up to the deadline.
     */
    private static RestoredConnection restoreWhenTupleFree(ConnectionState st, long deadline) throws IOException {
        while (true) {
            try {
                return SocketEngine.restore(st, RawTcpSocket.open(st.ipv4()));
            } catch (IOException e) {
                boolean taken = e.getCause() instanceof com.sun.jna.LastErrorException le && le.getErrorCode() == EADDRNOTAVAIL;
                if (!taken || System.nanoTime() > deadline) {
                    throw e;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(500_000);
            }
        }
    }


    public PeerMessage onCommit(String peer, PeerMessage.Commit c) {
        long t0 = System.nanoTime();
        Pending h = pending.remove(c.id());
        if (h == null && committed.containsKey(c.id())) { // a repeat over a fresh link: done already
            return new PeerMessage.Committed(c.id(), true, "", 0);
        }
        if (h == null) {
            return new PeerMessage.Committed(c.id(), false, "no prepared handoff " + Long.toHexString(c.id()) + " (expired or aborted)", 0);
        }
        if (config().fault().equals("die-on-commit")) {
            log.error("debug.fault=die-on-commit: stopping dead before activating");
            Runtime.getRuntime().halt(137);
        }
        try {
            note(h.service(), h.client(), c.id(), peer, HandoffJournal.Phase.RECEIVED); // before anything is live here
        } catch (IOException e) {
            discard(h.conns());
            dropHeldAndForgetLater(h.service(), h.client());
            return new PeerMessage.Committed(c.id(), false, "cannot record the handoff: " + e.getMessage(), 0);
        }
        int[] fds = new int[h.conns().size()];
        for (int i = 0; i < fds.length; i++) {
            RestoredConnection r = h.conns().get(i);
            r.activate();
            fds[i] = r.socket().fd();
        }
        long[] segmentsBaseline = new long[fds.length];
        try {
            // The client's packets in the order it sent them: those the donor held, then those held here since the
            // redirect switched. Released where they are, these would reach the sockets first (a verdict delivers at
            // once, an injection a softirq later), and the reordering made the client resend segments it need not.
            List<byte[]> inOrder = new ArrayList<>(c.packets());
            inOrder.addAll(filter.take(h.service(), h.client()));
            filter.release(h.service(), h.client()); // nothing held is left: new packets go straight to the sockets
            Map<InetSocketAddress, Integer> injected = CarriedUnacknowledged.perClientEnd(inOrder);
            for (int i = 0; i < fds.length; i++) {
                segmentsBaseline[i] = CarriedUnacknowledged.baseline(h.conns().get(i).state(), fds[i], injected);
            }
            filter.inject(inOrder);
        } catch (IOException e) {
            log.warn("delivering the held packets of {}: {} (its TCP retransmits them)", h.client().getHostAddress(), e.getMessage());
        }
        try {
            apps.deliver(h.service(), h.client(), fds, h.appState());
        } catch (IOException e) {
            log.error("the application for {} did not take client {}: {}", h.service(), h.client().getHostAddress(), e.getMessage());
        }
        for (int i = 0; i < fds.length; i++) {
            carried.arrived(h.conns().get(i).state(), fds[i], segmentsBaseline[i]);
        }
        for (RestoredConnection r : h.conns()) {
            LibC.INSTANCE.close(r.socket().fd()); // the application holds its own copies
        }
        committed.put(c.id(), System.nanoTime());
        registry.arrived(h.service(), h.client(), fds.length);
        log.info("took over {} ({}, {} connections) from {}", h.client().getHostAddress(), h.service(), fds.length, peer);
        return new PeerMessage.Committed(c.id(), true, "", System.nanoTime() - t0);
    }

    public PeerMessage onAbort(String peer, PeerMessage.Abort a) {
        Pending h = pending.remove(a.id());
        if (h != null) {
            discard(h.conns());
            dropHeldAndForgetLater(h.service(), h.client());
            forgetIf(h.service(), h.client(), a.id(), HandoffJournal.Phase.PREPARED);
            log.info("{} aborted the handoff of {}", peer, h.client().getHostAddress());
        }
        return new PeerMessage.Result(true, "");
    }

    public PeerMessage onStatus(PeerMessage.StatusQuery q) {
        return new PeerMessage.StatusReply(q.id(), committed.containsKey(q.id()) || receivedOnRecord(q.id()) ? "committed"
                : pending.containsKey(q.id()) ? "prepared" : "unknown");
    }

    /** Whether the journal says this node activated handoff {@code id} (also one of a previous run). */
    private boolean receivedOnRecord(long id) {
        try {
            return journal.all().stream().anyMatch(e -> e.id() == id && e.phase() == HandoffJournal.Phase.RECEIVED);
        } catch (IOException e) {
            log.warn("journal: {}", e.getMessage());
            return false;
        }
    }

    private void expirePending() {
        try {
            long cutoff = System.currentTimeMillis() - REMEMBER_COMMITTED_NANOS / 1_000_000;
            for (HandoffJournal.Entry e : journal.all()) {
                if ((e.phase() == HandoffJournal.Phase.COMMITTED || e.phase() == HandoffJournal.Phase.RECEIVED)
                        && e.sinceMillis() < cutoff) {
                    journal.remove(e.service(), e.client());
                }
            }
        } catch (IOException e) {
            log.warn("journal: {}", e.getMessage());
        }
        long now = System.nanoTime();
        committed.values().removeIf(at -> now - at > REMEMBER_COMMITTED_NANOS);
        pending.forEach((id, h) -> {
            if (now > h.deadline() && pending.remove(id, h)) {
                log.warn("prepared handoff of {} expired without commit; dropping its restored sockets", h.client().getHostAddress());
                discard(h.conns());
                dropHeldAndForgetLater(h.service(), h.client());
                forgetIf(h.service(), h.client(), id, HandoffJournal.Phase.PREPARED);
            }
        });
    }

    private PeerMessage refuse(PeerMessage.Prepare p, String why) {
        log.warn("refused client {} ({}) from {}: {}", p.client().getHostAddress(), p.service(), p.donor(), why);
        return new PeerMessage.Prepared(p.id(), false, why, 0);
    }

    /**
     * A prepared handoff that will not be committed: the packets held here belong to no socket on this node —
     * released, they would be answered with a reset — so they are dropped (the client's TCP sends them again
     * to the donor), and the client stays held until the redirect has surely gone back.
     */
    private void dropHeldAndForgetLater(String service, InetAddress client) {
        try {
            filter.take(service, client);
        } catch (IOException e) {
            log.warn("dropping held packets of {}: {}", client.getHostAddress(), e.getMessage());
        }
        graceThenForget(service, client);
    }


    private static void discard(List<RestoredConnection> conns) {
        for (RestoredConnection r : conns) {
            try {
                r.discard(); // still in repair mode: silent
            } catch (IOException e) {
                log.warn("discarding a restored socket: {}", e.toString());
            }
        }
    }

    /** A readable reason even for exceptions without a message (EOFException: the peer closed). */
    private static String reason(Exception e) {
        if (e instanceof java.io.EOFException) {
            return "the receiver closed the link (did its dsco die?)";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static String describe(PeerMessage m) {
        if (m instanceof PeerMessage.Result r) {
            return r.ok() ? "ok" : "error: " + r.reason();
        }
        if (m instanceof PeerMessage.Committed c) {
            return c.ok() ? "committed" : "not committed: " + c.reason();
        }
        if (m instanceof PeerMessage.StatusReply s) {
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

    /** A handoff step failed; the message is for the application. */
    static final class HandoffFailure extends Exception {
        HandoffFailure(String message) {
            super(message);
        }
    }
}
