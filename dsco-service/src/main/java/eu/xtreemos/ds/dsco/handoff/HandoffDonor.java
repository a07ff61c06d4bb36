package eu.xtreemos.ds.dsco.handoff;

import eu.xtreemos.ds.dsco.api.HandoffPhase;
import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.metrics.DscoMetrics;
import eu.xtreemos.ds.dsco.metrics.HandoffResult;
import eu.xtreemos.ds.dsco.metrics.RefusalReason;
import eu.xtreemos.ds.dsco.peer.HandoffMessage;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.ConnectionStateCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The donor's side of a handoff, as a two-phase protocol (docs/dsco-protocol.md):
 * <ol>
 * <li>drain, hold the client's packets, freeze and dump; <b>prepare</b> at the receiver, which restores the
 *     connections in repair mode and holds the client's packets too ({@link HandoffReceiver});</li>
 * <li>switch the redirect and, beside it, <b>commit</b>, shipping the packets held here; the receiver activates,
 *     delivers the shipped and its own held packets, and gives the sockets to its application; packets that reach
 *     this node until the redirect has switched follow in a repeated commit;</li>
 * <li>forget the frozen sockets.</li>
 * </ol>
 * Until the commit is acknowledged the donor can take everything back (<b>abort</b>): the redirect is switched
 * back if needed, its sockets are re-activated in place and the held packets released to them. A handoff never
 * leaves the client without a live copy of its connections.
 */
public final class HandoffDonor {
    private static final Logger log = LoggerFactory.getLogger(HandoffDonor.class);

    /**
     * The most queued data one handoff carries. The donor holds it twice at the peak (the states and the
     * message), the receiver three times (sealed, opened, decoded): a sixth of the heap leaves room for the rest.
     */
    static final long MAX_STATE_BYTES = Runtime.getRuntime().maxMemory() / 6;

    private final HandoffState state;
    private final Cluster cluster;
    private final Redirect redirect;
    private final ClientRegistry registry;
    private final ReceiverStatus receivers;
    private final HandoffRequests requests;
    private final DscoMetrics metrics;
    /** Runs each redirect beside its handoff's commit. */
    private final ExecutorService redirects = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "redirect");
        t.setDaemon(true);
        return t;
    });

    private final HandoffEvents events;

    /** Why a donation is not even attempted. */
    private record Refusal(RefusalReason reason, String message) {
    }

    public HandoffDonor(HandoffState state, Cluster cluster, Redirect redirect, ClientRegistry registry, HandoffRequests requests,
                        DscoMetrics metrics, HandoffEvents events) {
        this.metrics = metrics;
        this.events = events;
        this.state = state;
        this.cluster = cluster;
        this.redirect = redirect;
        this.registry = registry;
        this.receivers = new ReceiverStatus(state, cluster);
        this.requests = requests;
    }

    /**
     * Hands the client's connections to {@code target}. The fds belong to the caller, who closes them
     * afterwards: on success they are frozen (closing sends nothing), on failure live again. An operator's
     * request for this client waiting on its application gets the same outcome.
     */
    public HandoffOutcome donate(String serviceId, InetAddress client, String target, int[] fds, byte[] appState) {
        HandoffOutcome o;
        synchronized (state.lockOf(client)) {
            o = donateLocked(serviceId, client, target, fds, appState);
        }
        if (o.ok()) {
            events.handedOff(serviceId, client, target, fds.length);
        } else {
            events.handoffFailed(serviceId, client, target, o.message());
        }
        requests.settled(serviceId, client, o);
        return o;
    }

    private static String tooMuchQueued(int connections, long bytes) {
        return "not handed off: its " + connections + " connections hold " + mib(bytes) + " MiB of queued data, more than one"
                + " handoff carries (" + mib(MAX_STATE_BYTES) + " MiB, a sixth of dsco's heap: raise -Xmx to carry more); the"
                + " client stays here while its queues drain";
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    private HandoffOutcome donateLocked(String serviceId, InetAddress client, String target, int[] fds, byte[] appState) {
        HandoffTimeline t = new HandoffTimeline();
        DscoConfig config = state.config();
        DscoConfig.Service service = config.service(serviceId);
        Refusal refusal = checkDonation(config, service, serviceId, client, target, fds);
        if (refusal != null) {
            metrics.refused(refusal.reason());
            logOutcome(Level.INFO, client, serviceId, target, "refused: " + refusal.message(), t);
            return new HandoffOutcome(false, refusal.message(), t);
        }
        Duration flush = config.timeouts().flush();
        if (!flush.isZero()) { // the default is zero: no wait, not even a look at the queues
            long flushDeadline = System.nanoTime() + flush.toNanos();
            for (int fd : fds) {
                if (state.carried.clientLacks(fd) == null) { // bytes the client lacks are not acknowledged by waiting
                    state.engine.flush(fd, Duration.ofNanos(Math.max(0, flushDeadline - System.nanoTime())));
                }
            }
        }
        t.mark(HandoffPhase.FLUSH);
        long queued = 0;
        for (int fd : fds) {
            queued += state.engine.queuedBytes(fd);
        }
        if (queued > MAX_STATE_BYTES) { // checked before the dump, which would hold it all
            String why = tooMuchQueued(fds.length, queued);
            logOutcome(Level.INFO, client, serviceId, target, "refused: " + why, t);
            metrics.refused(RefusalReason.TOO_MUCH_QUEUED);
            return new HandoffOutcome(false, why, t);
        }
        state.faults.reached(FaultPoints.Point.DIE_BEFORE_FREEZE);

        long id = HandoffState.RANDOM.nextLong();
        long stateBytes = 0;
        List<Integer> frozen = new ArrayList<>();
        boolean steered = false;
        List<byte[]> shipped = List.of();
        RefusalReason refusedAs = null; // set where a failure below is a refusal rather than a break
        Future<IOException> redirecting = null;
        try {
            state.note(serviceId, client, id, target, HandoffJournal.Phase.FREEZING); // before anything is frozen
            state.filter.hold(serviceId, client);
            t.mark(HandoffPhase.HOLD);
            List<byte[]> states = new ArrayList<>();
            for (int fd : fds) {
                frozen.add(fd);
                state.filter.mute(fd);
                state.engine.freeze(fd);
                ConnectionState dumped = state.engine.dump(fd);
                String lacks = state.carried.clientLacks(fd); // the client's packets are held: this no longer changes
                if (lacks != null) {
                    log.info("{}: {} sends them at once", lacks, target); // rare, and what operators look for (docs/operations.md)
                    dumped = dumped.resendingUnacknowledged();
                }
                byte[] encoded = ConnectionStateCodec.encode(dumped);
                stateBytes += encoded.length;
                states.add(encoded);
            }
            t.mark(HandoffPhase.FREEZE_DUMP);
            if (stateBytes > MAX_STATE_BYTES) { // grown since the check before freezing
                refusedAs = RefusalReason.TOO_MUCH_QUEUED;
                throw new HandoffFailure(tooMuchQueued(fds.length, stateBytes));
            }

            PeerMessage answer = cluster.call(target, new HandoffMessage.Prepare(id, serviceId, client, config.nodeName(), appState,
                    states), state.config().timeouts().prepare());
            if (!(answer instanceof HandoffMessage.Prepared p) || p.id() != id) {
                throw new HandoffFailure("receiver " + target + " answered prepare with " + HandoffState.describe(answer));
            }
            if (!p.ok()) {
                refusedAs = RefusalReason.RECEIVER_REFUSED;
                throw new HandoffFailure("receiver " + target + " refused: " + p.reason());
            }
            t.add(HandoffPhase.RESTORE, p.restoreNanos());
            t.mark(HandoffPhase.PREPARE);
            // The receiver holds the client's packets now, so the redirect may switch; it runs beside the commit,
            // and the client waits for the longer of the two round trips instead of their sum. Packets that still
            // reach this node until the switch is done are held here and follow the commit.
            steered = true; // from here on a take-back switches the redirect back
            state.note(serviceId, client, id, target, HandoffJournal.Phase.STEERED); // before the redirect may move it
            redirecting = switchRedirect(serviceId, client, target);
            if (state.faults.armed(FaultPoints.Point.DIE_AFTER_STEER)) {
                awaitRedirect(redirecting);
                state.faults.reached(FaultPoints.Point.DIE_AFTER_STEER);
            }
            shipped = state.filter.take(serviceId, client);
            PeerMessage done;
            try {
                done = cluster.call(target, new HandoffMessage.Commit(id, shipped), state.config().timeouts().commit());
            } catch (IOException e) {
                done = askStatus(target, id, e);
            }
            boolean committed = done instanceof HandoffMessage.Committed c && c.id() == id && c.ok();
            if (committed) {
                t.add(HandoffPhase.ACTIVATE, ((HandoffMessage.Committed) done).activateNanos());
            }
            t.mark(HandoffPhase.COMMIT);
            IOException redirectFailure = awaitRedirect(redirecting);
            redirecting = null;
            t.mark(HandoffPhase.REDIRECT); // what of the redirect outlasted the commit
            if (!committed) {
                throw new HandoffFailure("receiver " + target + " did not commit: " + HandoffState.describe(done));
            }
            state.note(serviceId, client, id, target, HandoffJournal.Phase.COMMITTED);
            if (redirectFailure == null) {
                metrics.redirected();
            } else {
                rollRedirectForward(serviceId, client, target, redirectFailure);
            }
            shipLatePackets(serviceId, client, target, id);
        } catch (HandoffFailure | IOException | RuntimeException e) {
            awaitRedirect(redirecting); // the switch back must follow the switch
            takeBack(serviceId, client, frozen, steered, shipped);
            state.forget(serviceId, client);
            String why = e instanceof HandoffFailure ? e.getMessage() : "handoff to " + target + " failed: " + HandoffState.reason(e);
            logOutcome(Level.WARN, client, serviceId, target, "failed, connections live here again: " + why, t);
            if (refusedAs != null) {
                metrics.refused(refusedAs);
            } else {
                metrics.handoff(HandoffResult.FAILED);
            }
            return new HandoffOutcome(false, why, t);
        }
        // The fds stay open: the caller closes its copies (the sockets are frozen, so that sends nothing).
        state.graceThenForget(serviceId, client);
        for (int fd : fds) {
            state.carried.left(fd);
        }
        registry.movedAway(serviceId, client, target, fds.length);
        t.mark(HandoffPhase.RELEASE);
        metrics.handoff(HandoffResult.HANDED_OFF);
        metrics.phases(t.timings());
        logOutcome(Level.INFO, client, serviceId, target,
                "handed off, " + fds.length + " connections, " + (stateBytes + 1023) / 1024 + " KiB of state", t);
        return new HandoffOutcome(true, "handed off to " + target, t);
    }

    /** Starts switching the client's traffic to {@code target}; the future yields the failure, or null. */
    private Future<IOException> switchRedirect(String serviceId, InetAddress client, String target) {
        return redirects.submit(() -> {
            try {
                redirect.redirect(serviceId, client, target);
                return null;
            } catch (IOException e) {
                return e;
            } catch (RuntimeException e) {
                return new IOException(e.toString(), e);
            }
        });
    }

    /** Waits for a redirect started beside the commit; its failure, or null (also when none was started). */
    private static IOException awaitRedirect(Future<IOException> redirecting) {
        if (redirecting == null) {
            return null;
        }
        try {
            return redirecting.get();
        } catch (ExecutionException e) {
            return new IOException(e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new IOException("interrupted while the redirect switched", e);
        }
    }

    /**
     * The receiver has the client's connections live but the redirect did not switch: the client's packets still
     * come here. Taking back is no longer possible, so the switch is tried again until it holds.
     */
    private void rollRedirectForward(String serviceId, InetAddress client, String target, IOException first) {
        log.error("the redirect of {} to {} failed after the commit ({}); trying again", client.getHostAddress(), target,
                first.getMessage());
        long deadline = System.nanoTime() + state.statusPatience().toNanos();
        while (true) {
            try {
                redirect.redirect(serviceId, client, target);
                metrics.redirected();
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    log.error("the redirect of {} to {} still fails ({}): its packets reach this node and are dropped until it"
                            + " is switched (dsctl or the HA)", client.getHostAddress(), target, e.getMessage());
                    return;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Packets of the client that reached this node after the commit left and before the redirect switched go to
     * the receiver, which injects them into the live sockets; lost, they would cost the client a retransmission.
     */
    private void shipLatePackets(String serviceId, InetAddress client, String target, long id) {
        List<byte[]> late = List.of();
        try {
            late = state.filter.take(serviceId, client);
            if (late.isEmpty()) {
                return;
            }
            cluster.call(target, new HandoffMessage.Commit(id, late), state.config().timeouts().commit());
        } catch (IOException e) {
            log.warn("{} packets of {} that came before the redirect switched did not reach {} ({}); its TCP resends them",
                    late.size(), client.getHostAddress(), target, e.getMessage());
        }
    }

    /**
     * A handoff's one line in the log, on the donor: its outcome and its phases' typed timings. INFO, so operators see
     * every handoff; WARN when it failed after the connections were touched. The steps in between are DEBUG.
     */
    private static void logOutcome(Level level, InetAddress client, String serviceId, String target, String outcome,
                                   HandoffTimeline t) {
        String phases = t.timings().toString();
        log.atLevel(level).log("handoff of {} ({}) to {}: {}; phases: {}", client.getHostAddress(), serviceId, target, outcome,
                phases.isEmpty() ? "none" : phases);
    }

    private Refusal checkDonation(DscoConfig config, DscoConfig.Service service, String serviceId, InetAddress client, String target,
                                 int[] fds) {
        if (service == null) {
            return new Refusal(RefusalReason.UNKNOWN_SERVICE, "unknown service '" + serviceId + "'");
        }
        if (target.equals(config.nodeName())) {
            return new Refusal(RefusalReason.ALREADY_THERE, "the client is already served by " + target);
        }
        if (!config.nodes().containsKey(target)) {
            return new Refusal(RefusalReason.UNKNOWN_NODE, "unknown node '" + target + "' (known: " + config.nodes().keySet() + ")");
        }
        if (fds.length == 0) {
            return new Refusal(RefusalReason.NO_CONNECTIONS, "no connections were passed");
        }
        for (int fd : fds) {
            try {
                InetSocketAddress[] ends = state.engine.endpoints(fd);
                InetAddress local = ends[0].getAddress();
                if (!(local.equals(service.address()) || local.equals(service.address4()))
                        || !service.ports().contains(ends[0].getPort())) {
                    return new Refusal(RefusalReason.FOREIGN_SOCKET,
                            "a passed socket is bound to " + ends[0] + ", not to service " + serviceId);
                }
                if (!ends[1].getAddress().equals(client)) {
                    return new Refusal(RefusalReason.FOREIGN_SOCKET, "a passed socket is connected to "
                            + ends[1].getAddress().getHostAddress() + ", not to client " + client.getHostAddress());
                }
            } catch (RuntimeException e) {
                return new Refusal(RefusalReason.FOREIGN_SOCKET,
                        "a passed descriptor is not a connected TCP socket: " + e.getMessage());
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
        String there = receivers.of(target, id);
        if (there == null) {
            throw new HandoffFailure("receiver " + target + " gone during commit (" + HandoffState.reason(cause) + ") and not back within "
                    + state.statusPatience().toMillis() + " ms");
        }
        if (there.equals("prepared")) {
            receivers.abort(target, id);
            there = receivers.of(target, id);
        }
        if ("committed".equals(there)) {
            return new HandoffMessage.Committed(id, true, "", 0);
        }
        throw new HandoffFailure("commit answer lost (" + HandoffState.reason(cause) + ") and the receiver reports state '" + there + "'");
    }

    /** Everything back as it was: redirect, sockets, packets. */
    private void takeBack(String service, InetAddress client, List<Integer> frozen, boolean steered, List<byte[]> shipped) {
        if (steered) {
            try {
                redirect.redirect(service, client, state.config().nodeName());
            } catch (IOException e) {
                log.error("could not switch {} back to this node: {}", client.getHostAddress(), e.getMessage());
            }
        }
        for (int fd : frozen) {
            try {
                state.filter.unmute(fd);
                if (state.engine.frozen(fd)) {
                    state.engine.unfreeze(fd);
                }
            } catch (IOException | RuntimeException e) {
                log.error("could not re-activate a socket of {}: {}", client.getHostAddress(), e.getMessage());
            }
        }
        try {
            state.filter.release(service, client);
            state.filter.inject(shipped);
        } catch (IOException e) {
            log.error("could not release the held packets of {}: {}", client.getHostAddress(), e.getMessage());
        }
    }
}
