package eu.xtreemos.gecko;

import eu.xtreemos.xosaga.DistributedServerClient;
import org.ogf.saga.buffer.Buffer;
import org.ogf.saga.buffer.BufferFactory;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.stream.Activity;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.stream.StreamState;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.io.Serializable;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A client served by Gecko: its handler and connections, one reader thread per connection. Its monitor is the
 * client's lock: every handler call, every read and write, the handoff and the checkpoints hold it.
 *
 * <p>On a protected server a checkpoint follows every change a handoff would carry — a handler call, output queued
 * or taken by a socket, a connection opened or closed — at the end of the event, or by Gecko's checkpoint timer when
 * the rate bound ({@link Gecko.Builder#checkpointMillis}) says later or the change came from outside an event. The
 * timer matters: dsco holds what the node sends the client until a checkpoint covers it, so output a socket takes
 * after the last event needs a checkpoint of its own, or it would never leave.
 */
final class GeckoClient<S extends Serializable> implements Client {
    private static final Logger LOG = System.getLogger(GeckoClient.class.getName());

    private enum Phase { SERVED, HANDED_OFF, ENDED }

    private final Gecko<S> gecko;
    private final InetAddress address;
    private final List<GeckoConnection> conns = new ArrayList<>();
    private ClientHandler<S> handler;
    private int nextId;
    private Phase phase = Phase.SERVED;
    private String handedTo;

    // Checkpoints (a protected server only); all under the lock.
    /** Something a checkpoint covers changed since the last one that succeeded. */
    private boolean dirty;
    /** When (System.nanoTime) the next checkpoint may be taken: the rate bound, or the retry delay after failures. */
    private long notBefore = System.nanoTime();
    /** Events running now (nested: a handler's handoff); the outermost one's end checkpoints. */
    private int events;
    private boolean timerArmed;
    /** When (System.nanoTime) the last checkpoint was tried. */
    private long lastCheckpoint = System.nanoTime();
    private int failedInRow;
    private long lastFailureLog;
    /** The adaptor's view of the client at the last checkpoint: checkpointEnded needs it once no stream is left. */
    private DistributedServerClient checkpointed;

    GeckoClient(Gecko<S> gecko, InetAddress address) {
        this.gecko = gecko;
        this.address = address;
    }

    @Override
    public InetAddress address() {
        return address;
    }

    @Override
    public synchronized List<Connection> connections() {
        List<Connection> l = new ArrayList<>(conns);
        l.sort(Comparator.comparingInt(Connection::id));
        return l;
    }

    @Override
    public String node() {
        return gecko.node();
    }

    @Override
    public synchronized boolean isServedHere() {
        return phase == Phase.SERVED;
    }

    synchronized String handedTo() {
        return handedTo;
    }

    synchronized void setHandler(ClientHandler<S> h, int nextId) {
        this.handler = h;
        this.nextId = Math.max(this.nextId, nextId);
    }

    synchronized GeckoConnection connectionOf(Stream s) {
        for (GeckoConnection c : conns) {
            if (c.stream == s) {
                return c;
            }
        }
        return null;
    }

    /**
     * Serves {@code s} as a connection of this client: a new one (a fresh id, the handler's {@code opened}) or
     * one that arrived in a handoff ({@code id} and its unsent output from the envelope). Under the lock.
     */
    synchronized GeckoConnection attach(Stream s, int id, byte[] unsent, boolean announce) throws Exception {
        s.setAttribute(Stream.BLOCKING, "False"); // reads and writes under the lock never wait
        GeckoConnection c = new GeckoConnection(this, s, id < 0 ? nextId++ : id);
        nextId = Math.max(nextId, c.id() + 1);
        if (unsent != null && unsent.length > 0) {
            c.requeue(unsent);
        }
        conns.add(c);
        changed();
        Thread t = new Thread(() -> readLoop(c), "gecko-" + address.getHostAddress() + "-" + c.id());
        t.setDaemon(true);
        t.start();
        if (announce) {
            handler.opened(c);
        }
        return c;
    }

    /** Tells the handler of a new connection. Under the lock. */
    synchronized void announce(GeckoConnection c) throws Exception {
        changed();
        handler.opened(c);
    }

    /**
     * Gives up this client's connections to the client that replaces it (it was handed here while it had a
     * connection here already); this one is not served any more and its handler is not told.
     */
    synchronized List<GeckoConnection> takeConnections() {
        List<GeckoConnection> taken = new ArrayList<>(conns);
        for (GeckoConnection c : taken) {
            c.open = false; // its reader stops; the new client's reader takes the stream over
        }
        conns.clear();
        phase = Phase.ENDED;
        return taken;
    }

    // ------------------------------------------------------------------ serving

    /** Waits for data without the lock (a handoff may happen meanwhile), then reads and hands it over under it. */
    private void readLoop(GeckoConnection c) {
        Buffer buf;
        try {
            buf = BufferFactory.createBuffer(gecko.readBufferSize());
        } catch (SagaException e) {
            gecko.failed(this, e);
            return;
        }
        while (true) {
            try {
                int pending = c.pending();
                if (pending == 0) {
                    c.stream.waitFor(Activity.READ.getValue(), 0.25f);
                } else if (gecko.maxPending() > 0 && pending >= gecko.maxPending()) {
                    // Too much queued: read nothing until the client takes some (TCP then slows the client down).
                    c.stream.waitFor(Activity.WRITE.getValue(), 0.25f);
                } else {
                    // Short waits while output is queued, so it is sent as soon as the socket takes it.
                    c.stream.waitFor(Activity.READ.getValue() | Activity.WRITE.getValue(), 0.01f);
                }
            } catch (SagaException e) {
                // handed off, closed or failed: decided below, under the lock
            }
            synchronized (this) {
                if (phase != Phase.SERVED || !c.open) {
                    return;
                }
                beginEvent();
                try {
                    if (!pump(c, buf)) {
                        return;
                    }
                    if (phase == Phase.SERVED && c.open) {
                        c.flush();
                        if (c.pending() > 0) {
                            outputWaiting();
                        }
                    }
                } catch (SagaException e) {
                    connectionFailed(c, e);
                    if (!c.open) {
                        return;
                    }
                } catch (Exception e) {
                    gecko.failed(this, e);
                } finally {
                    endEvent();
                }
                if (phase != Phase.SERVED) {
                    return;
                }
            }
        }
    }

    /** Reads what is there and gives it to the handler; false when the connection ended. Under the lock. */
    private boolean pump(GeckoConnection c, Buffer buf) throws Exception {
        int room = gecko.readBufferSize();
        if (gecko.maxPending() > 0) {
            room = Math.min(room, gecko.maxPending() - c.pending());
            if (room <= 0) {
                return true; // the client is not taking our output: leave its input in the kernel for now
            }
        }
        int n;
        try {
            n = c.stream.read(buf, room);
        } catch (IncorrectStateException | org.ogf.saga.error.SagaIOException e) {
            ended(c);
            return false;
        }
        if (n > 0) {
            changed();
            handler.received(c, buf.getData(), n);
            return true;
        }
        if (c.stream.getState() == StreamState.OPEN) {
            return true; // nothing there yet
        }
        ended(c);
        return false;
    }

    /** A write failed: the stream is DROPPED or in ERROR now, and its reader ends the connection. */
    synchronized void connectionFailed(GeckoConnection c, SagaException e) {
        if (c.stream.getState() != StreamState.OPEN && c.open) {
            try {
                ended(c);
            } catch (Exception x) {
                gecko.failed(this, x);
            }
        }
    }

    /** The client closed {@code c} (or it failed): close our side, tell the handler. Under the lock. */
    private void ended(GeckoConnection c) throws Exception {
        if (!c.open) {
            return;
        }
        c.open = false;
        conns.remove(c);
        c.closeStream();
        changed();
        try {
            handler.closed(c);
        } finally {
            if (conns.isEmpty() && phase == Phase.SERVED) {
                end();
            }
        }
    }

    /** The handler closes a connection. */
    void closeConnection(GeckoConnection c) {
        synchronized (this) {
            if (!c.open) {
                return;
            }
            c.open = false;
            conns.remove(c);
            c.closeStream();
            changed();
            if (conns.isEmpty() && phase == Phase.SERVED) {
                end();
            }
        }
    }

    /** No connection left: the client is gone from this node. Under the lock. */
    private void end() {
        phase = Phase.ENDED;
        checkpointEnded(); // before forget: a new connection from the client waits on this lock, then starts anew
        gecko.forget(this);
        if (handler == null) {
            return; // its handler was never made (the factory failed, or the state that came could not be read)
        }
        try {
            handler.ended();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "gecko: the handler of " + this + " failed when the client ended: " + e);
        }
    }

    /** Closes every connection (an error, or Gecko closing). */
    synchronized void closeAll() {
        if (phase != Phase.SERVED) {
            return;
        }
        for (GeckoConnection c : new ArrayList<>(conns)) {
            c.open = false;
            c.closeStream();
        }
        conns.clear();
        end();
    }

    /** One tick of a handler that sends on its own, then whatever the sockets take. */
    synchronized void tick() {
        if (phase != Phase.SERVED || handler == null) {
            return;
        }
        beginEvent();
        try {
            changed();
            handler.tick();
            for (GeckoConnection c : new ArrayList<>(conns)) {
                if (phase == Phase.SERVED && c.open) {
                    try {
                        c.flush();
                    } catch (SagaException e) {
                        connectionFailed(c, e);
                    }
                }
            }
        } catch (Exception e) {
            gecko.failed(this, e);
        } finally {
            endEvent();
        }
    }

    // ------------------------------------------------------------------ handoff

    @Override
    public void handoff(String node) throws SagaException {
        synchronized (this) {
            if (phase != Phase.SERVED) {
                throw new IncorrectStateException("handoff of " + this + ": the client is "
                        + (phase == Phase.HANDED_OFF ? "served by " + handedTo + " now" : "gone"));
            }
            DistributedServerClient dc = gecko.dsClientOf(this, firstOpenStream("handoff"));
            gecko.server().handoff(dc, node, envelope(dc, "handoff").encode());
            phase = Phase.HANDED_OFF;
            handedTo = node;
            for (GeckoConnection c : conns) {
                c.open = false;
            }
            conns.clear();
            gecko.forget(this);
            try {
                handler.handedOff(node);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "gecko: the handler of " + this + " failed after the handoff to " + node + ": " + e);
            }
        }
    }

    /**
     * What a handoff carries — and so a checkpoint, whose state a backup node resumes the client from as from a
     * handoff: per connection of {@code dc} (the adaptor's, in the client's port order) its id and unsent output, the
     * next id, the handler's state. Under the lock.
     */
    private Envelope envelope(DistributedServerClient dc, String what) throws SagaException {
        // A connection the server accepted a moment ago that Gecko has not served yet goes too.
        List<Stream> streams = dc.getStreams();
        for (Stream s : streams) {
            if (connectionOf(s) == null) {
                try {
                    attach(s, -1, null, true);
                } catch (SagaException e) {
                    throw e;
                } catch (Exception e) {
                    throw new NoSuccessException(what + " of " + this + ": the handler failed on a new connection: " + e, e);
                }
            }
        }
        List<Envelope.Conn> order = new ArrayList<>();
        for (Stream s : streams) {
            GeckoConnection c = connectionOf(s);
            try {
                c.flush(); // what the socket takes now is in the kernel's queue, which moves with it
            } catch (SagaException e) {
                // it failed: the client's end of it will see that on the receiving node
            }
            order.add(new Envelope.Conn(c.id(), c.unsent()));
        }
        byte[] state;
        try {
            state = gecko.codec().encode(handler.state());
        } catch (IOException | RuntimeException e) {
            throw new NoSuccessException(what + " of " + this + ": the handler's state cannot be encoded: " + e, e);
        }
        return new Envelope(nextId, order, state);
    }

    private Stream firstOpenStream(String what) throws IncorrectStateException {
        Stream s = openStreamOrNull();
        if (s == null) {
            throw new IncorrectStateException(what + " of " + this + ": the client has no open connection here");
        }
        return s;
    }

    private Stream openStreamOrNull() {
        for (GeckoConnection c : conns) {
            if (c.open && c.stream.getState() == StreamState.OPEN) {
                return c.stream;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ checkpoints (a protected server)

    /** Something a checkpoint covers changed. Outside an event, the timer takes the checkpoint. Under the lock. */
    void changed() {
        if (!gecko.checkpointing()) {
            return;
        }
        dirty = true;
        if (events == 0) {
            armTimer();
        }
    }

    /** While output waits for a socket, at least one checkpoint per this time (then within the rate bound). */
    private static final long OUTPUT_WAITING_NANOS = 50_000_000L;

    /**
     * Output waits for a socket that takes nothing. The packets that would drain it may be held by dsco only because
     * they acknowledge bytes the client sent after the last checkpoint (which Gecko may not read: back-pressure), and
     * only a newer checkpoint lets them go; so checkpoints go on while output waits. Under the lock.
     */
    private void outputWaiting() {
        if (gecko.checkpointing() && System.nanoTime() - lastCheckpoint >= OUTPUT_WAITING_NANOS) {
            changed();
        }
    }

    /** The client arrived here (a handoff, or a takeover from a crashed node): checkpointed at once, whatever the rate. */
    synchronized void checkpointSoon() {
        notBefore = System.nanoTime();
        changed();
    }

    /** An event begins: a handler call and what it writes, a connection served. Under the lock. */
    void beginEvent() {
        events++;
    }

    /** The end of an event: a checkpoint now if it changed something and one is due; later, by the timer, if not. */
    void endEvent() {
        if (--events > 0 || !dirty || phase != Phase.SERVED) {
            return;
        }
        if (System.nanoTime() - notBefore >= 0) {
            checkpoint();
        } else {
            armTimer();
        }
    }

    private void armTimer() {
        if (timerArmed || phase != Phase.SERVED) {
            return;
        }
        timerArmed = true;
        gecko.checkpointLater(this, Math.max(0, notBefore - System.nanoTime()));
    }

    /** The timer: a checkpoint if one is still pending and due, else armed again for when it is. */
    synchronized void timer() {
        timerArmed = false;
        if (!dirty || phase != Phase.SERVED) {
            return;
        }
        if (System.nanoTime() - notBefore >= 0) {
            checkpoint();
        } else {
            armTimer();
        }
    }

    /** Checkpoints the client with its handoff envelope. Under the lock. */
    private void checkpoint() {
        Stream open = openStreamOrNull();
        if (open == null) {
            dirty = false; // its readers are ending the connections; the last one's end tells the backup
            return;
        }
        events++; // what the envelope flushes is in this checkpoint: no timer for it
        try {
            DistributedServerClient dc = checkpointed;
            if (dc == null || !dc.getStreams().contains(open)) {
                dc = gecko.dsClientOf(this, open);
            }
            byte[] env = envelope(dc, "checkpoint").encode();
            dirty = false;
            lastCheckpoint = System.nanoTime();
            notBefore = lastCheckpoint + gecko.checkpointNanos();
            gecko.server().checkpoint(dc, env);
            checkpointed = dc;
            if (failedInRow > 0) {
                LOG.log(Level.INFO, "gecko: checkpoints of " + this + " succeed again, after " + failedInRow + " failed");
                failedInRow = 0;
            }
        } catch (SagaException | RuntimeException e) {
            checkpointFailed(e);
        } finally {
            events--;
        }
    }

    /**
     * A failed checkpoint: tried again after a delay that doubles (100 ms, or the rate bound if longer, up to 5 s),
     * logged at the first failure and every 10 s while they go on, and told to the error handler.
     */
    private void checkpointFailed(Exception e) {
        dirty = true;
        failedInRow++;
        long base = Math.max(gecko.checkpointNanos(), 100_000_000L);
        long delay = Math.min(5_000_000_000L, base << Math.min(failedInRow - 1, 6));
        long now = System.nanoTime();
        notBefore = now + delay;
        if (failedInRow == 1 || now - lastFailureLog >= 10_000_000_000L) {
            lastFailureLog = now;
            LOG.log(Level.WARNING, "gecko: checkpoint of " + this + " failed (" + failedInRow + " in a row; next try in "
                    + delay / 1_000_000 + " ms): " + e.getMessage() + ". What this node sends the client is held by dsco"
                    + " until a checkpoint succeeds");
        }
        armTimer();
        gecko.checkpointFailed(this, e);
    }

    /** The client ended here: its backup forgets it (if it ever had a checkpoint of it). Under the lock. */
    private void checkpointEnded() {
        DistributedServerClient dc = checkpointed;
        checkpointed = null;
        dirty = false;
        if (dc == null || !gecko.checkpointing()) {
            return;
        }
        try {
            gecko.server().checkpointEnded(dc);
        } catch (IncorrectStateException e) {
            // The client connected again meanwhile: it is served anew, and its first checkpoint replaces the old ones.
            LOG.log(Level.DEBUG, "gecko: " + this + " ended, but " + e.getMessage());
        } catch (SagaException | RuntimeException e) {
            LOG.log(Level.WARNING, "gecko: " + this + " ended, but its backup was not told (" + e.getMessage()
                    + "): it keeps the client's last checkpoint until it needs the room");
            gecko.checkpointFailed(this, e);
        }
    }

    @Override
    public String toString() {
        return "client " + address.getHostAddress();
    }
}
