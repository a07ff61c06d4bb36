package eu.xtreemos.ds.saga;

import eu.xtreemos.saga.spi.MetricImpl;
import eu.xtreemos.saga.spi.Metrics;
import eu.xtreemos.xosaga.GroupEvent;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;

import static eu.xtreemos.xosaga.DistributedServer.*;

/**
 * Feeds a distributed server's group metrics from dsco's event log: one thread asks dsco for the events after the
 * last one fired and fires each kind's metric with the event, in order. Started by the first callback on a group
 * metric (from the newest event then) or by {@link #from} (after a given event, for a manager that reconnects). When
 * dsco goes away it keeps asking; the restarted dsco answers with an events_lost event first.
 */
final class GroupWatch implements AutoCloseable {
    private static final Logger LOG = System.getLogger(GroupWatch.class.getName());
    /** How long one EVENTS request waits for an event: also how long closing may wait for the thread. */
    private static final int WAIT_MS = 1000;

    private final DscoGateway dsco;
    private final String owner;
    private final Map<String, MetricImpl> byKind = new LinkedHashMap<>();
    private String epoch; // null: dsco's current run
    private long after = -1; // -1: not positioned yet
    private volatile long generation; // bumped by from(): the thread's position is stale
    private Thread thread;
    private volatile boolean closed;

    GroupWatch(DscoGateway dsco, Metrics metrics, String owner) {
        this.dsco = dsco;
        this.owner = owner;
        add(metrics, GroupEvent.NODE_JOINED, DISTRIBUTEDSERVER_NODEJOINED, "a node's dsco joined the group");
        add(metrics, GroupEvent.NODE_LEFT, DISTRIBUTEDSERVER_NODELEFT, "a node's dsco left the group");
        add(metrics, GroupEvent.CONTACT_CHANGED, DISTRIBUTEDSERVER_CONTACTCHANGED, "the contact node changed");
        add(metrics, GroupEvent.CLIENT_RECEIVED, DISTRIBUTEDSERVER_GROUPCLIENTRECEIVED, "this node took a client over");
        add(metrics, GroupEvent.CLIENT_HANDED_OFF, DISTRIBUTEDSERVER_GROUPCLIENTHANDEDOFF, "a client left this node for another");
        add(metrics, GroupEvent.HANDOFF_FAILED, DISTRIBUTEDSERVER_GROUPHANDOFFFAILED, "a handoff from this node failed");
        add(metrics, GroupEvent.DRAIN_PROGRESS, DISTRIBUTEDSERVER_DRAINPROGRESS, "a drain of this node moved or tried a client");
        add(metrics, GroupEvent.EVENTS_LOST, DISTRIBUTEDSERVER_EVENTSLOST, "group events this object asked for are gone");
    }

    private void add(Metrics metrics, String kind, String name, String description) {
        byKind.put(kind, metrics.add(name, description + " (value: the event)", "ReadOnly", "1", "String", ""));
    }

    /** Whether {@code metric} is one of the group metrics. */
    boolean isGroupMetric(String metric) {
        return byKind.values().stream().anyMatch(m -> m.name().equals(metric));
    }

    /** Delivery goes on after event {@code afterSequence} of run {@code epoch}; starts it if it has not started. */
    synchronized void from(String epoch, long afterSequence) {
        this.epoch = epoch;
        this.after = Math.max(0, afterSequence);
        generation++;
        start();
    }

    /** Starts delivery if it has not started: from the newest event, unless {@link #from} said where. */
    synchronized void start() {
        if (thread != null || closed) {
            return;
        }
        if (after < 0) {
            try {
                DscoGateway.EventBatch now = dsco.events(null, 0, 0);
                epoch = now.epoch();
                after = now.last();
            } catch (IOException e) {
                LOG.log(Level.WARNING, owner + ": could not ask dsco for its newest group event (" + e.getMessage()
                        + "); delivering all it holds once it answers");
                after = 0;
            }
        }
        thread = new Thread(this::run, "ds-group-events");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!closed) {
            String e0;
            long a0, gen;
            synchronized (this) {
                e0 = epoch;
                a0 = after;
                gen = generation;
            }
            DscoGateway.EventBatch b;
            try {
                b = dsco.events(e0, a0, WAIT_MS);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                LOG.log(Level.DEBUG, owner + ": asking dsco for group events: " + e.getMessage());
                pause();
                continue;
            }
            long a1 = a0;
            for (GroupEvent e : b.events()) {
                if (closed || generation != gen) {
                    break; // closed, or from() moved the position: its events come next
                }
                MetricImpl m = byKind.get(e.kind());
                if (m != null) {
                    m.fire(e.toString());
                } else {
                    LOG.log(Level.DEBUG, owner + ": group event of a kind this adaptor does not know: " + e);
                }
                a1 = e.sequence();
            }
            synchronized (this) {
                if (gen == generation) {
                    epoch = b.epoch();
                    after = a1;
                }
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(WAIT_MS + 500L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
