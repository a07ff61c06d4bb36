package eu.xtreemos.ds.dsco.handoff;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a restarted dsco does with the handoffs its previous run left half done, from the journal: arrivals cut
 * short are dropped, departures finished or undone, and the application's sockets re-activated or reported handed
 * off when it passes them again (RECOVER).
 */
public final class HandoffRecovery {
    private static final Logger log = LoggerFactory.getLogger(HandoffRecovery.class);

    private final HandoffState state;
    private final Redirect redirect;
    private final ReceiverStatus receivers;

    public HandoffRecovery(HandoffState state, Cluster cluster, Redirect redirect) {
        this.state = state;
        this.redirect = redirect;
        this.receivers = new ReceiverStatus(state, cluster);
    }

    /**
     * Call at start, before anything else. The in-flight lists still hold the clients a crashed run had in
     * flight; the journal says which to keep: a client this node was receiving (prepared, never committed)
     * stays held, and its packets, which the HA may still send here, are dropped until the donor has surely
     * switched it back (the donor asks for up to {@code timeouts.restart} and is answered "unknown"), instead of
     * meeting a stack without its connections (a reset); a client this node was handing off stays held
     * until {@link #recoverJournal} and the application's RECOVER have settled it (a frozen socket would
     * acknowledge what arrives); every other client is let go. Handoffs this node received are loaded, so
     * that status queries are answered from them before the cluster port serves.
     */
    public void settleInFlightAtStart() {
        Map<String, Set<InetAddress>> keep = new HashMap<>();
        try {
            for (HandoffJournal.Entry e : state.journal.all()) {
                switch (e.phase()) {
                    case RECEIVED -> state.committed.put(e.id(), System.nanoTime());
                    case PREPARED -> {
                        keep.computeIfAbsent(e.service(), k -> new HashSet<>()).add(e.client());
                        state.filter.hold(e.service(), e.client());
                        state.journal.remove(e.service(), e.client());
                        state.graceThenForget(e.service(), e.client(), state.statusPatience().plus(state.config().timeouts().grace()));
                        log.warn("recovery: the arrival of {} from {} was cut by a crash; its packets are dropped here until {} takes it back",
                                e.client().getHostAddress(), e.target(), e.target());
                    }
                    case FREEZING, STEERED -> keep.computeIfAbsent(e.service(), k -> new HashSet<>()).add(e.client());
                    default -> {
                    }
                }
            }
            state.filter.releaseAllBut(keep);
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
            for (HandoffJournal.Entry e : state.journal.all()) {
                if (e.phase() == HandoffJournal.Phase.RECEIVED || e.phase() == HandoffJournal.Phase.PREPARED) {
                    continue; // arrivals: settled at start (settleInFlightAtStart)
                }
                if (e.phase() == HandoffJournal.Phase.COMMITTED || e.phase() == HandoffJournal.Phase.TAKEN_BACK) {
                    continue;
                }
                boolean committedThere = false;
                if (e.phase() == HandoffJournal.Phase.STEERED) {
                    String there = receivers.of(e.target(), e.id());
                    if ("prepared".equals(there)) {
                        receivers.abort(e.target(), e.id());
                        there = receivers.of(e.target(), e.id());
                    }
                    committedThere = "committed".equals(there);
                    if (there == null) {
                        log.warn("recovery: {} unreachable; taking {} back", e.target(), e.client().getHostAddress());
                    }
                }
                if (committedThere) {
                    state.journal.write(new HandoffJournal.Entry(e.service(), e.client(), e.id(), e.target(), HandoffJournal.Phase.COMMITTED,
                            e.sinceMillis()));
                    state.graceThenForget(e.service(), e.client()); // late packets dropped, then the client let go
                    log.info("recovery: the handoff of {} to {} had committed", e.client().getHostAddress(), e.target());
                    continue;
                }
                if (e.phase() == HandoffJournal.Phase.STEERED) { // first the traffic back, then the receiver lets go
                    try {
                        redirect.redirect(e.service(), e.client(), state.config().nodeName());
                    } catch (IOException ex) {
                        log.error("recovery: could not switch {} back here: {}", e.client().getHostAddress(), ex.getMessage());
                    }
                }
                receivers.abort(e.target(), e.id());
                state.journal.write(new HandoffJournal.Entry(e.service(), e.client(), e.id(), e.target(), HandoffJournal.Phase.TAKEN_BACK,
                        e.sinceMillis()));
                log.warn("recovery: the handoff of {} to {} was cut by a crash; taken back, waiting for its application",
                        e.client().getHostAddress(), e.target());
            }
        } catch (IOException e) {
            log.error("recovery: cannot read the journal: {}", e.getMessage());
        } finally {
            state.recovered.countDown();
        }
    }

    /**
     * An application whose DONATE was cut by a crash of this dsco passes its sockets again: they are
     * re-activated here if the handoff was undone, or reported as handed off if it had committed. A frozen
     * socket with no record is left alone: it may live on another node.
     *
     * @return ok with "live" or "handed-off" in the message
     */
    public HandoffOutcome recover(String service, InetAddress client, int[] fds) {
        HandoffTimeline t = new HandoffTimeline();
        try {
            // recoverJournal may wait for a restarting receiver's word (statusPatience) before it settles an entry
            state.recovered.await(state.statusPatience().plus(state.config().timeouts().commit().multipliedBy(3)).toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (state.lockOf(client)) {
            try {
                HandoffJournal.Entry e = state.journal.read(service, client);
                boolean frozen = false;
                for (int fd : fds) {
                    frozen |= state.engine.frozen(fd);
                }
                // A committed handoff leaves the donor's sockets frozen. Live sockets with a COMMITTED record
                // mean the record is of an earlier handoff away, and the client has come back since: the
                // crash cut a new handoff before it froze anything.
                if (e != null && e.phase() == HandoffJournal.Phase.COMMITTED && frozen) {
                    return new HandoffOutcome(true, "handed-off to " + e.target(), t);
                }
                if (frozen && (e == null || e.phase() != HandoffJournal.Phase.TAKEN_BACK)) {
                    return new HandoffOutcome(false, "no record of an interrupted handoff of " + client.getHostAddress()
                            + "; its sockets stay frozen (they may live on another node)", t);
                }
                for (int fd : fds) {
                    state.filter.unmute(fd); // muted if the crash came after the mute
                    if (state.engine.frozen(fd)) {
                        state.engine.unfreeze(fd);
                    }
                }
                state.filter.release(service, client); // held since the crash: now to the live sockets, in order
                state.forget(service, client);
                log.info("recovery: {} ({}) is live here again", client.getHostAddress(), service);
                return new HandoffOutcome(true, "live", t);
            } catch (IOException | RuntimeException ex) {
                return new HandoffOutcome(false, "recovery failed: " + HandoffState.reason(ex), t);
            }
        }
    }
}
