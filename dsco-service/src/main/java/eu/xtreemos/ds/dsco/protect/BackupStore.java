package eu.xtreemos.ds.dsco.protect;

import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.ConnectionStateCodec;
import eu.xtreemos.ds.tcp.InvalidStateException;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The backup node's side of a protected client (docs/fault-tolerance.md): the newest checkpoint the serving node sent
 * for each client, what a takeover restores. A checkpoint is kept only if it is newer than the one held (the serving
 * node numbers them; a repeat or a late older one is acknowledged but changes nothing; one from another node replaces
 * it, the client having moved there), and only if every connection
 * state in it decodes and belongs to the client: a malformed one is refused naming what was wrong, and the one held
 * stays. The store is bounded in bytes: a checkpoint that would exceed the bound is refused (the serving node's
 * packets then stay held, and its client waits rather than run ahead of what a takeover could restore).
 */
public final class BackupStore {
    /** One checkpoint of a client: its connections' states (the codec's bytes) and the application's state. */
    public record Checkpoint(String service, InetAddress client, String servingNode, long sequence, List<byte[]> states,
                             byte[] appState) {
        public Checkpoint {
            states = List.copyOf(states);
        }

        long bytes() {
            long n = appState.length;
            for (byte[] s : states) {
                n += s.length;
            }
            return n;
        }
    }

    /** How an offered checkpoint was taken: kept (newer), already held (a repeat or older), or refused and why. */
    public record Outcome(boolean kept, boolean acknowledged, String reason) {
        static final Outcome KEPT = new Outcome(true, true, "");
        static final Outcome HELD_ALREADY = new Outcome(false, true, "");

        static Outcome refused(String why) {
            return new Outcome(false, false, why);
        }
    }

    private record Key(String service, InetAddress client) {
    }

    private final long maxBytes;
    private final Map<Key, Checkpoint> newest = new HashMap<>();
    private long bytes;

    public BackupStore(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** Takes a checkpoint from the serving node: kept if newer and valid; a repeat is acknowledged again. */
    public synchronized Outcome offer(Checkpoint c) {
        Key k = new Key(c.service(), c.client());
        Checkpoint held = newest.get(k);
        if (held != null && held.servingNode().equals(c.servingNode()) && c.sequence() <= held.sequence()) {
            return Outcome.HELD_ALREADY;
        }
        if (c.states().isEmpty()) {
            return Outcome.refused("checkpoint " + c.sequence() + " of " + c.client().getHostAddress() + " has no connections");
        }
        for (int i = 0; i < c.states().size(); i++) {
            ConnectionState st;
            try {
                st = ConnectionStateCodec.decode(c.states().get(i));
            } catch (InvalidStateException e) {
                return Outcome.refused("checkpoint " + c.sequence() + " of " + c.client().getHostAddress() + ", connection " + i
                        + ": " + e.getMessage());
            }
            if (!st.remote().getAddress().equals(c.client())) {
                return Outcome.refused("checkpoint " + c.sequence() + " of " + c.client().getHostAddress() + ", connection " + i
                        + " belongs to " + st.remote().getAddress().getHostAddress());
            }
        }
        long after = bytes - (held == null ? 0 : held.bytes()) + c.bytes();
        if (after > maxBytes) {
            return Outcome.refused("the backup holds " + bytes + " bytes of checkpoints; this one (" + c.bytes()
                    + " bytes) would pass its bound of " + maxBytes);
        }
        newest.put(k, c);
        bytes = after;
        return Outcome.KEPT;
    }

    /** The newest checkpoint held for the client, if any. */
    public synchronized Optional<Checkpoint> newest(String service, InetAddress client) {
        return Optional.ofNullable(newest.get(new Key(service, client)));
    }

    /** Every client whose checkpoints came from {@code node}: what a takeover of that node restores. */
    public synchronized List<Checkpoint> servedBy(String node) {
        List<Checkpoint> out = new ArrayList<>();
        for (Checkpoint c : newest.values()) {
            if (c.servingNode().equals(node)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The client is no longer protected here (it closed, or moved to a node with another backup). */
    public synchronized void forget(String service, InetAddress client) {
        Checkpoint c = newest.remove(new Key(service, client));
        if (c != null) {
            bytes -= c.bytes();
        }
    }

    /** Forgets the client if its checkpoint came from {@code node} (a newer one from the node it moved to stays). */
    public synchronized void forgetFrom(String service, InetAddress client, String node) {
        Checkpoint c = newest.get(new Key(service, client));
        if (c != null && c.servingNode().equals(node)) {
            forget(service, client);
        }
    }

    /** The nodes whose clients this store holds checkpoints of. */
    public synchronized Set<String> servingNodes() {
        Set<String> out = new TreeSet<>();
        newest.values().forEach(c -> out.add(c.servingNode()));
        return out;
    }

    /** Clients whose checkpoints are held now. */
    public synchronized int clients() {
        return newest.size();
    }

    /** Bytes of checkpoints held now. */
    public synchronized long bytes() {
        return bytes;
    }
}
