package eu.xtreemos.ds.dsco.protect;

import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.handoff.HandoffReceiver;
import eu.xtreemos.ds.dsco.handoff.Redirect;
import eu.xtreemos.ds.dsco.membership.MembershipListener;
import eu.xtreemos.ds.dsco.peer.HandoffMessage;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import eu.xtreemos.ds.dsco.peer.ProtectMessage;
import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.ConnectionStateCodec;
import eu.xtreemos.ds.tcp.InvalidStateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The backup node's side of a protected service (docs/fault-tolerance.md): keeps the newest checkpoint of each client
 * other nodes serve ({@link BackupStore}) and acknowledges it; when the membership group loses a node this one backs
 * up, takes its clients over — each restored at its last checkpoint as if handed here by the dead node (the
 * receiver's prepare and commit), steered to this node first — and drops what it holds of nodes it no longer backs up.
 */
public final class BackupKeeper implements MembershipListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackupKeeper.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Added to a restored timestamp clock beyond the time from the checkpoint's arrival to the last word from its node:
     * what the node may have sent the client after that (output released by the last acknowledgement).
     */
    private static final long TIMESTAMP_MARGIN_MILLIS = 200;

    private record Key(String service, InetAddress client) {
    }

    private final Supplier<DscoConfig> config;
    private final Supplier<List<String>> liveNodes;
    private final BackupStore store;
    private final HandoffReceiver receiver;
    private final Redirect redirect;
    /** When each held checkpoint arrived (ms, this node's clock): how far its timestamp clock must advance. */
    private final Map<Key, Long> arrived = new ConcurrentHashMap<>();
    /** When each serving node's last checkpoint arrived (ms): about when it last let output out, if it died since. */
    private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();
    private final ExecutorService takeovers = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "takeover");
        t.setDaemon(true);
        return t;
    });
    final LongAdder takenOver = new LongAdder();
    final LongAdder takeoverFailed = new LongAdder();

    public BackupKeeper(Supplier<DscoConfig> config, Supplier<List<String>> liveNodes, BackupStore store, HandoffReceiver receiver,
                        Redirect redirect) {
        this.config = config;
        this.liveNodes = liveNodes;
        this.store = store;
        this.receiver = receiver;
        this.redirect = redirect;
    }

    /**
     * Keeps a checkpoint if this node is the sender's backup in its own view of the group: a checkpoint that a node which
     * is not the backup kept would make two nodes take the client over. The sender, refused, asks again as views agree.
     */
    public PeerMessage onCheckpoint(String peer, ProtectMessage.Checkpoint m) {
        DscoConfig c = config.get();
        String backup = BackupRing.backupOf(peer, liveNodes.get(), c.contact());
        if (!c.nodeName().equals(backup)) {
            return new ProtectMessage.CheckpointAck(m.sequence(), false, c.nodeName() + " is not the backup of " + peer
                    + " in its view of the group (" + backup + " is)");
        }
        BackupStore.Outcome o = store.offer(new BackupStore.Checkpoint(m.service(), m.client(), peer, m.sequence(), m.states(),
                m.appState()));
        if (o.kept()) {
            arrived.put(new Key(m.service(), m.client()), System.currentTimeMillis());
        }
        if (o.acknowledged()) {
            lastHeard.put(peer, System.currentTimeMillis());
        } else {
            log.warn("refused a checkpoint of {} from {}: {}", m.client().getHostAddress(), peer, o.reason());
        }
        return new ProtectMessage.CheckpointAck(m.sequence(), o.acknowledged(), o.reason());
    }

    public PeerMessage onForget(String peer, ProtectMessage.Forget f) {
        store.forgetFrom(f.service(), f.client(), peer);
        return new PeerMessage.Result(true, "");
    }

    /**
     * The clients of a node that left are taken over here if this node holds their checkpoints: it was that node's backup
     * (a node keeps checkpoints only as the backup, and drops them when it stops being one). What this node holds of a
     * live node whose backup it is no longer is dropped, so that only one node ever takes a client over.
     */
    @Override
    public void membersChanged(List<String> members, List<String> left, List<String> joined) {
        DscoConfig c = config.get();
        for (String gone : left) {
            List<BackupStore.Checkpoint> theirs = store.servedBy(gone);
            if (!theirs.isEmpty()) {
                log.warn("{} left: taking over its {} protected clients", gone, theirs.size());
                takeovers.execute(() -> takeOver(gone, theirs));
            }
        }
        for (String serving : store.servingNodes()) {
            if (members.contains(serving) && !c.nodeName().equals(BackupRing.backupOf(serving, members, c.contact()))) {
                log.info("no longer the backup of {}: dropping its checkpoints", serving);
                store.servedBy(serving).forEach(k -> forget(k.service(), k.client()));
            }
        }
    }

    private void takeOver(String dead, List<BackupStore.Checkpoint> clients) {
        for (BackupStore.Checkpoint c : clients) {
            long t0 = System.nanoTime();
            try {
                takeOver(dead, c);
                takenOver.increment();
                log.info("took over {} ({}, {} connections) from {} in {} ms, at its checkpoint {}", c.client().getHostAddress(),
                        c.service(), c.states().size(), dead, (System.nanoTime() - t0) / 1_000_000, c.sequence());
            } catch (IOException | InvalidStateException | RuntimeException e) {
                takeoverFailed.increment();
                log.error("could not take over {} ({}) from {}: {}", c.client().getHostAddress(), c.service(), dead, e.getMessage());
            } finally {
                forget(c.service(), c.client());
            }
        }
    }

    /** One client: restored in repair mode (its packets held), steered here, activated and given to the application. */
    private void takeOver(String dead, BackupStore.Checkpoint c) throws IOException, InvalidStateException {
        // The clock goes on from where the client last saw it, not from now: the client echoes timestamps the dead node
        // sent, and the restored socket takes its round-trip time from those echoes; counting the outage in would make
        // its first samples as long as the outage, and its retransmission timeout several times that.
        Long at = arrived.get(new Key(c.service(), c.client()));
        long heard = lastHeard.getOrDefault(dead, at == null ? 0 : at);
        long advance = (at == null ? 0 : Math.max(0, heard - at)) + TIMESTAMP_MARGIN_MILLIS;
        List<byte[]> states = new ArrayList<>();
        for (byte[] s : c.states()) {
            // The output commit let the client have the checkpoint's whole send queue, unsent tail included.
            ConnectionState st = ConnectionStateCodec.decode(s).withWholeSendQueueSent();
            states.add(ConnectionStateCodec.encode(st.has(ConnectionState.OPT_TIMESTAMPS) ? st.withTimestampAdvanced(advance) : st));
        }
        long id = RANDOM.nextLong();
        PeerMessage prepared = receiver.onPrepare(dead, new HandoffMessage.Prepare(id, c.service(), c.client(), dead, c.appState(),
                states));
        if (!(prepared instanceof HandoffMessage.Prepared p) || !p.ok()) {
            throw new IOException("restore refused: " + (prepared instanceof HandoffMessage.Prepared p ? p.reason() : prepared));
        }
        try {
            redirect.redirect(c.service(), c.client(), config.get().nodeName());
        } catch (IOException | RuntimeException e) {
            receiver.onAbort(dead, new HandoffMessage.Abort(id));
            throw new IOException("steering the client here failed: " + e.getMessage(), e);
        }
        PeerMessage committed = receiver.onCommit(dead, new HandoffMessage.Commit(id, List.of()));
        if (!(committed instanceof HandoffMessage.Committed k) || !k.ok()) {
            throw new IOException("activation failed: " + (committed instanceof HandoffMessage.Committed k ? k.reason() : committed));
        }
    }

    private void forget(String service, InetAddress client) {
        store.forget(service, client);
        arrived.remove(new Key(service, client));
    }

    /** What the stats show of this side: clients backed up, their bytes, takeovers done and failed. */
    public void addCounts(Map<String, Long> out) {
        out.put("backup_clients", (long) store.clients());
        out.put("backup_bytes", store.bytes());
        out.put("takeovers", takenOver.sum());
        out.put("takeovers_failed", takeoverFailed.sum());
    }

    @Override
    public void close() {
        takeovers.shutdownNow();
    }
}
