package eu.xtreemos.ds.dsco.handoff;

import com.sun.jna.LastErrorException;
import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.metrics.DscoMetrics;
import eu.xtreemos.ds.dsco.metrics.HandoffResult;
import eu.xtreemos.ds.dsco.peer.HandoffMessage;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.ConnectionStateCodec;
import eu.xtreemos.ds.tcp.InvalidStateException;
import eu.xtreemos.ds.tcp.RestoredConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static eu.xtreemos.ds.kernel.Errno.EADDRNOTAVAIL;

/**
 * The receiver's side of a handoff ({@link HandoffDonor} has the protocol): on <b>prepare</b> it checks the offered
 * connections, holds the client's packets and restores the connections in repair mode; on <b>commit</b> it records
 * the handoff, activates them, delivers the client's packets in the order it sent them and gives the sockets to the
 * service's application; on <b>abort</b>, or when a prepared handoff expires, it discards them silently.
 */
public final class HandoffReceiver {
    private static final Logger log = LoggerFactory.getLogger(HandoffReceiver.class);

    private final HandoffState state;
    private final Redirect redirect;
    private final ReceivingApps apps;
    private final ClientRegistry registry;

    /** How a drained node's refusal of a client ends (after its name): a drain sends no more clients to it. */
    public static final String DRAINED = " is being drained: it takes no clients";

    private final DscoMetrics metrics;
    private final HandoffEvents events;

    public HandoffReceiver(HandoffState state, Redirect redirect, ReceivingApps apps, ClientRegistry registry, DscoMetrics metrics,
                           HandoffEvents events) {
        this.metrics = metrics;
        this.events = events;
        this.state = state;
        this.redirect = redirect;
        this.apps = apps;
        this.registry = registry;
        state.timers.scheduleAtFixedRate(this::expire, 1, 1, TimeUnit.SECONDS);
    }

    public PeerMessage onPrepare(String peer, HandoffMessage.Prepare p) {
        long t0 = System.nanoTime();
        if (state.pending.containsKey(p.id())) { // a repeat over a fresh link: prepared already
            return new HandoffMessage.Prepared(p.id(), true, "", 0);
        }
        state.faults.reached(FaultPoints.Point.DIE_ON_PREPARE);
        DscoConfig config = state.config();
        DscoConfig.Service service = config.service(p.service());
        if (service == null) {
            return refuse(p, "service '" + p.service() + "' is not served on " + config.nodeName());
        }
        if (!apps.registered(p.service())) {
            return refuse(p, "no application on " + config.nodeName() + " is registered to receive clients of " + p.service());
        }
        if (state.draining) {
            return refuse(p, config.nodeName() + DRAINED);
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
        state.endGrace(p.service(), p.client()); // the client comes back before its grace period ended
        List<RestoredConnection> restored = new ArrayList<>();
        try {
            state.note(p.service(), p.client(), p.id(), peer, HandoffJournal.Phase.PREPARED); // before the first packet is held
            state.filter.hold(p.service(), p.client());
            long tupleDeadline = System.nanoTime() + config.timeouts().prepare().toNanos() / 4;
            for (ConnectionState st : states) {
                restored.add(restoreWhenTupleFree(st, tupleDeadline));
            }
        } catch (IOException | RuntimeException e) {
            HandoffState.discard(restored);
            state.dropHeldAndForgetLater(p.service(), p.client());
            state.forgetIf(p.service(), p.client(), p.id(), HandoffJournal.Phase.PREPARED);
            return refuse(p, "restore failed: " + e.getMessage());
        }
        long deadline = System.nanoTime() + config.timeouts().prepare().plus(config.timeouts().ha()).plus(config.timeouts().commit())
                .multipliedBy(2).toNanos();
        state.pending.put(p.id(), new HandoffState.Pending(p.service(), p.client(), p.appState(), restored, deadline));
        log.debug("prepared {} ({}, {} connections) from {}", p.client().getHostAddress(), p.service(), restored.size(), peer);
        return new HandoffMessage.Prepared(p.id(), true, "", System.nanoTime() - t0);
    }

    /**
     * Restores one connection. A client handed away from this node and straight back finds its old,
     * frozen socket here still open for a moment (its application closes its copy once told the earlier
     * handoff is done, which may come after the client's next handoff started): until then the 4-tuple is
     * taken (EADDRNOTAVAIL). Waits for it, up to the deadline.
     */
    private RestoredConnection restoreWhenTupleFree(ConnectionState st, long deadline) throws IOException {
        while (true) {
            try {
                return state.engine.restore(st);
            } catch (IOException e) {
                boolean taken = e.getCause() instanceof LastErrorException le && le.getErrorCode() == EADDRNOTAVAIL;
                if (!taken || System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(500_000);
            }
        }
    }

    /**
     * Commit, abort and expiry of one prepared handoff exclude each other (they lock its {@link HandoffState.Pending}),
     * and a commit records RECEIVED before the handoff leaves the pending table: a status query meanwhile is answered
     * "prepared" or "committed", never "unknown", which would let the donor take back a client this node is
     * activating. An abort that lost the race to a commit finds nothing to abort.
     */
    public PeerMessage onCommit(String peer, HandoffMessage.Commit c) {
        HandoffState.Pending h = state.pending.get(c.id());
        if (h == null) {
            return state.committed.containsKey(c.id()) ? committedAgain(c) : notPrepared(c.id());
        }
        synchronized (h) {
            return commitLocked(peer, c, h);
        }
    }

    /**
     * A commit of a handoff done here already: a repeat over a fresh link, or the donor's packets that reached it
     * before the redirect switched. Its packets go to the live sockets (a segment they have already is dropped there).
     */
    private PeerMessage committedAgain(HandoffMessage.Commit c) {
        if (!c.packets().isEmpty()) {
            try {
                state.filter.inject(c.packets());
            } catch (IOException e) {
                log.warn("delivering {} late packets: {} (the client's TCP retransmits them)", c.packets().size(), e.getMessage());
            }
        }
        return new HandoffMessage.Committed(c.id(), true, "", 0);
    }

    private static PeerMessage notPrepared(long id) {
        return new HandoffMessage.Committed(id, false, "no prepared handoff " + Long.toHexString(id) + " (expired or aborted)", 0);
    }

    private PeerMessage commitLocked(String peer, HandoffMessage.Commit c, HandoffState.Pending h) {
        long t0 = System.nanoTime();
        if (state.pending.get(c.id()) != h) {
            return state.committed.containsKey(c.id()) ? committedAgain(c) : notPrepared(c.id());
        }
        state.faults.reached(FaultPoints.Point.DIE_ON_COMMIT);
        try {
            state.note(h.service(), h.client(), c.id(), peer, HandoffJournal.Phase.RECEIVED); // before anything is live here
        } catch (IOException e) {
            state.pending.remove(c.id(), h);
            HandoffState.discard(h.conns());
            state.dropHeldAndForgetLater(h.service(), h.client());
            metrics.handoff(HandoffResult.RECEIVE_FAILED);
            return new HandoffMessage.Committed(c.id(), false, "cannot record the handoff: " + e.getMessage(), 0);
        }
        state.pending.remove(c.id(), h);
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
            inOrder.addAll(state.filter.take(h.service(), h.client()));
            state.filter.release(h.service(), h.client()); // nothing held is left: new packets go straight to the sockets
            Map<InetSocketAddress, Integer> injected = CarriedUnacknowledged.perClientEnd(inOrder);
            for (int i = 0; i < fds.length; i++) {
                segmentsBaseline[i] = state.carried.baseline(h.conns().get(i).state(), fds[i], injected);
            }
            state.filter.inject(inOrder);
        } catch (IOException e) {
            log.warn("delivering the held packets of {}: {} (its TCP retransmits them)", h.client().getHostAddress(), e.getMessage());
        }
        try {
            apps.deliver(h.service(), h.client(), fds, h.appState());
        } catch (IOException e) {
            log.error("the application for {} did not take client {}: {}", h.service(), h.client().getHostAddress(), e.getMessage());
        }
        for (int i = 0; i < fds.length; i++) {
            state.carried.arrived(h.conns().get(i).state(), fds[i], segmentsBaseline[i]);
        }
        for (RestoredConnection r : h.conns()) {
            state.engine.close(r.socket().fd()); // the application holds its own copies
        }
        state.committed.put(c.id(), System.nanoTime());
        registry.arrived(h.service(), h.client(), fds.length);
        events.received(h.service(), h.client(), peer, fds.length);
        log.info("took over {} ({}, {} connections) from {}", h.client().getHostAddress(), h.service(), fds.length, peer);
        state.faults.reached(FaultPoints.Point.DIE_BEFORE_COMMITTED);
        metrics.handoff(HandoffResult.RECEIVED);
        return new HandoffMessage.Committed(c.id(), true, "", System.nanoTime() - t0);
    }

    public PeerMessage onAbort(String peer, HandoffMessage.Abort a) {
        HandoffState.Pending h = state.pending.get(a.id());
        if (h == null) {
            return new PeerMessage.Result(true, "");
        }
        synchronized (h) {
            if (!state.pending.remove(a.id(), h)) {
                return new PeerMessage.Result(true, ""); // committed (or expired) meanwhile
            }
            HandoffState.discard(h.conns());
            state.dropHeldAndForgetLater(h.service(), h.client());
            state.forgetIf(h.service(), h.client(), a.id(), HandoffJournal.Phase.PREPARED);
            log.info("{} aborted the handoff of {}", peer, h.client().getHostAddress());
        }
        return new PeerMessage.Result(true, "");
    }

    public PeerMessage onStatus(HandoffMessage.StatusQuery q) {
        return new HandoffMessage.StatusReply(q.id(), state.committed.containsKey(q.id()) || receivedOnRecord(q.id()) ? "committed"
                : state.pending.containsKey(q.id()) ? "prepared" : "unknown");
    }

    /** Whether the journal says this node activated handoff {@code id} (also one of a previous run). */
    private boolean receivedOnRecord(long id) {
        try {
            return state.journal.all().stream().anyMatch(e -> e.id() == id && e.phase() == HandoffJournal.Phase.RECEIVED);
        } catch (IOException e) {
            log.warn("journal: {}", e.getMessage());
            return false;
        }
    }

    /** Once a second: forgets old committed handoffs, and drops prepared ones that were never committed. */
    private void expire() {
        try {
            long cutoff = System.currentTimeMillis() - HandoffState.REMEMBER_COMMITTED_NANOS / 1_000_000;
            for (HandoffJournal.Entry e : state.journal.all()) {
                if ((e.phase() == HandoffJournal.Phase.COMMITTED || e.phase() == HandoffJournal.Phase.RECEIVED)
                        && e.sinceMillis() < cutoff) {
                    state.journal.remove(e.service(), e.client());
                }
            }
        } catch (IOException e) {
            log.warn("journal: {}", e.getMessage());
        }
        long now = System.nanoTime();
        state.committed.values().removeIf(at -> now - at > HandoffState.REMEMBER_COMMITTED_NANOS);
        state.pending.forEach((id, h) -> {
            if (now <= h.deadline()) {
                return;
            }
            synchronized (h) {
                if (state.pending.remove(id, h)) {
                    log.warn("prepared handoff of {} expired without commit; dropping its restored sockets", h.client().getHostAddress());
                    HandoffState.discard(h.conns());
                    state.dropHeldAndForgetLater(h.service(), h.client());
                    state.forgetIf(h.service(), h.client(), id, HandoffJournal.Phase.PREPARED);
                }
            }
        });
    }

    private PeerMessage refuse(HandoffMessage.Prepare p, String why) {
        log.warn("refused client {} ({}) from {}: {}", p.client().getHostAddress(), p.service(), p.donor(), why);
        metrics.handoff(HandoffResult.RECEIVE_FAILED);
        return new HandoffMessage.Prepared(p.id(), false, why, 0);
    }
}
