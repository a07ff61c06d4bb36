package eu.xtreemos.xosaga;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * An event of a distributed server's group, as the dsco of the node a {@link DistributedServer} object talks to saw
 * it. dsco numbers its events 1, 2, 3... within one run, named by {@code epoch}; a manager that keeps the epoch and
 * the last sequence number it saw gets, from {@link DistributedServer#getGroupEvents} or after
 * {@link DistributedServer#watchGroupEvents}, every later event once and in order, or first an event of kind
 * {@link #EVENTS_LOST} saying which it can no longer have (dsco restarted, or they fell out of its log).
 *
 * <p>The value of each group metric of a {@link DistributedServer} is the event in the form {@link #toString()}
 * writes and {@link #parse(String)} reads: {@code epoch sequence kind time [service=S] [client=A] [node=N] [detail=...]}.
 *
 * @param kind    one of the kind constants below
 * @param service the service a client event is about, or null
 * @param client  the client's address (client events), or null
 * @param node    the node joined, left, the new contact, handed to, received from; or null
 * @param detail  a failure's reason, a drain's progress, a loss's range; or ""
 */
public record GroupEvent(String epoch, long sequence, long timeMillis, String kind, String service, InetAddress client,
                         String node, String detail) {
    public static final String NODE_JOINED = "node_joined";
    public static final String NODE_LEFT = "node_left";
    public static final String CONTACT_CHANGED = "contact_changed";
    /** dsco took a client over (from {@code node}). */
    public static final String CLIENT_RECEIVED = "client_received";
    /** A client's connections left this node (for {@code node}). */
    public static final String CLIENT_HANDED_OFF = "client_handed_off";
    /** A handoff to {@code node} did not happen or was undone; the client stays; {@code detail} says why. */
    public static final String HANDOFF_FAILED = "handoff_failed";
    public static final String DRAIN_PROGRESS = "drain_progress";
    public static final String EVENTS_LOST = "events_lost";

    public GroupEvent {
        if (epoch == null || epoch.isEmpty() || epoch.contains(" ") || kind == null || kind.isEmpty() || kind.contains(" ")) {
            throw new IllegalArgumentException("a group event needs an epoch and a kind without spaces");
        }
        detail = detail == null ? "" : detail;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(epoch).append(' ').append(sequence).append(' ').append(kind)
                .append(' ').append(timeMillis);
        if (service != null) {
            s.append(" service=").append(service);
        }
        if (client != null) {
            s.append(" client=").append(client.getHostAddress());
        }
        if (node != null) {
            s.append(" node=").append(node);
        }
        if (!detail.isEmpty()) {
            s.append(" detail=").append(detail); // last: it may hold spaces
        }
        return s.toString();
    }

    /**
     * Reads what {@link #toString()} wrote (a group metric's value).
     *
     * @throws IllegalArgumentException {@code text} is not a group event, with what was wrong
     */
    public static GroupEvent parse(String text) {
        String[] head = text.split(" ", 5);
        if (head.length < 4) {
            throw new IllegalArgumentException("'" + text + "' is not a group event: it needs epoch, sequence, kind, time");
        }
        long sequence, time;
        try {
            sequence = Long.parseLong(head[1]);
            time = Long.parseLong(head[3]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a group event: sequence and time must be numbers");
        }
        String service = null, node = null, detail = "";
        InetAddress client = null;
        String rest = head.length == 5 ? head[4] : "";
        while (!rest.isEmpty()) {
            if (rest.startsWith("detail=")) {
                detail = rest.substring("detail=".length());
                break;
            }
            int sp = rest.indexOf(' ');
            String field = sp < 0 ? rest : rest.substring(0, sp);
            rest = sp < 0 ? "" : rest.substring(sp + 1);
            int eq = field.indexOf('=');
            String key = eq < 0 ? field : field.substring(0, eq).toLowerCase(Locale.ROOT), value = eq < 0 ? "" : field.substring(eq + 1);
            switch (key) {
                case "service" -> service = value;
                case "node" -> node = value;
                case "client" -> {
                    try {
                        client = InetAddress.getByName(value); // a literal: no look-up
                    } catch (UnknownHostException e) {
                        throw new IllegalArgumentException("'" + text + "': client '" + value + "' is not an address");
                    }
                }
                default -> throw new IllegalArgumentException("'" + text + "': unknown field '" + key + "'");
            }
        }
        return new GroupEvent(head[0], sequence, time, head[2], service, client, node, detail);
    }
}
