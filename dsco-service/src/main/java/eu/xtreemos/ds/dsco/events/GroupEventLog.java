package eu.xtreemos.ds.dsco.events;

import eu.xtreemos.ds.dsco.api.GroupEvent;
import eu.xtreemos.ds.dsco.api.GroupEvent.Kind;
import eu.xtreemos.ds.dsco.handoff.HandoffEvents;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * This dsco's events of the group, numbered 1, 2, 3... in the order they were noted, the newest {@code capacity} of
 * them kept in memory. A reader asks for the events after the last number it saw and gets each once, in order; one
 * that asks for events no longer held (they fell out, or dsco restarted: a new {@link #epoch()}) gets an
 * {@link Kind#EVENTS_LOST} first, saying so, so a manager that reconnects knows what it missed.
 */
public final class GroupEventLog implements HandoffEvents {
    /** The most events one reply carries (a reply is one datagram of at most 128 KiB). */
    public static final int MAX_BATCH = 256;

    private final String epoch;
    private final int capacity;
    private final ArrayDeque<GroupEvent> events = new ArrayDeque<>();
    private long last; // the newest sequence number given out

    public GroupEventLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.epoch = String.format("%016x", new SecureRandom().nextLong());
    }

    /** This run's name: sequence numbers start again at 1 under a new one. */
    public String epoch() {
        return epoch;
    }

    /** Notes an event; waiting readers wake. */
    public synchronized GroupEvent note(Kind kind, String service, InetAddress client, String node, String detail) {
        GroupEvent e = new GroupEvent(epoch, ++last, System.currentTimeMillis(), kind, service, client, node,
                detail == null ? "" : detail);
        events.addLast(e);
        if (events.size() > capacity) {
            events.removeFirst();
        }
        notifyAll();
        return e;
    }

    /**
     * The events after {@code after} of run {@code readerEpoch} (null: this run), at most {@link #MAX_BATCH}; when
     * there are none yet, waits up to {@code waitMillis} for one.
     */
    public synchronized GroupEvent.Batch after(String readerEpoch, long after, long waitMillis) throws InterruptedException {
        List<GroupEvent> out = new ArrayList<>();
        long from = after;
        if (readerEpoch != null && !readerEpoch.equals(epoch)) {
            out.add(lost(0, "dsco restarted: the events of its run " + readerEpoch + " after " + after + " are gone"));
            from = 0;
        } else if (from < 0 || from > last) {
            throw new IllegalArgumentException("no event " + from + " yet in run " + epoch + " (the newest is " + last + ")");
        }
        long deadline = System.currentTimeMillis() + Math.max(0, waitMillis);
        while (out.isEmpty() && from == last) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return new GroupEvent.Batch(epoch, first(), last, out);
            }
            wait(left);
        }
        long first = first();
        if (from < first - 1) {
            out.add(lost(first - 1, "events " + (from + 1) + ".." + (first - 1) + " fell out of dsco's log (it keeps the newest "
                    + capacity + ")"));
            from = first - 1;
        }
        for (GroupEvent e : events) {
            if (out.size() >= MAX_BATCH) {
                break;
            }
            if (e.sequence() > from) {
                out.add(e);
            }
        }
        return new GroupEvent.Batch(epoch, first, last, out);
    }

    /** The oldest sequence number held (last + 1 while none is). */
    private long first() {
        return events.isEmpty() ? last + 1 : events.peekFirst().sequence();
    }

    /** A loss notice, numbered as the last lost event, so a reader goes on after it. */
    private GroupEvent lost(long sequence, String why) {
        return new GroupEvent(epoch, sequence, System.currentTimeMillis(), Kind.EVENTS_LOST, null, null, null, why);
    }

    @Override
    public void handedOff(String service, InetAddress client, String to, int connections) {
        note(Kind.CLIENT_HANDED_OFF, service, client, to, connections + " connections");
    }

    @Override
    public void handoffFailed(String service, InetAddress client, String to, String why) {
        note(Kind.HANDOFF_FAILED, service, client, to, why);
    }

    @Override
    public void received(String service, InetAddress client, String from, int connections) {
        note(Kind.CLIENT_RECEIVED, service, client, from, connections + " connections");
    }
}
