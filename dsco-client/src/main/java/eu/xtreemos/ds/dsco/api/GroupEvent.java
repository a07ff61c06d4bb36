package eu.xtreemos.ds.dsco.api;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One event of a Distributed Server's group as a dsco saw it: a node joined or left the membership group, the
 * contact node changed, a client arrived here, left from here, or failed to leave, a drain made progress. dsco numbers
 * its events 1, 2, 3... within one run ({@code epoch}); a reader that asks for the events after the last number it
 * saw gets each one once, in order, or an {@link Kind#EVENTS_LOST} saying which it can no longer have.
 *
 * @param service the service the client belongs to (client events), or null
 * @param client  the client's address (client events), or null
 * @param node    the other node: joined, left, new contact, handed to, received from, drained to; or null
 * @param detail  a failure's reason, a drain's progress, a loss's range; or ""
 */
public record GroupEvent(String epoch, long sequence, long timeMillis, Kind kind, String service, InetAddress client,
                         String node, String detail) {
    public enum Kind {
        NODE_JOINED, NODE_LEFT, CONTACT_CHANGED, CLIENT_RECEIVED, CLIENT_HANDED_OFF, HANDOFF_FAILED, DRAIN_PROGRESS,
        /** Not a happening: the events the reader asked for are gone (dsco restarted, or they fell out of its log). */
        EVENTS_LOST;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind of(String label) throws MalformedMessageException {
            for (Kind k : values()) {
                if (k.label().equals(label)) {
                    return k;
                }
            }
            throw new MalformedMessageException("unknown event kind '" + label + "'");
        }
    }

    /** A batch of events as EVENTS answers: the log's run, its oldest and newest numbers, and the events asked for. */
    public record Batch(String epoch, long first, long last, List<GroupEvent> events) {
    }

    /** Appends this event's attributes to {@code m}: EVENT_SEQ first, so a list of events splits at each. */
    public ApiMessage addTo(ApiMessage m) {
        m.add(Attr.EVENT_SEQ, sequence).add(Attr.EVENT_KIND, kind.label()).add(Attr.EVENT_TIME, timeMillis);
        if (service != null) {
            m.add(Attr.SERVICE, service);
        }
        if (client != null) {
            m.add(Attr.ADDRESS, client);
        }
        if (node != null) {
            m.add(Attr.NODE, node);
        }
        if (!detail.isEmpty()) {
            m.add(Attr.DETAIL, detail);
        }
        return m;
    }

    /** The batch in an EVENTS reply. */
    public static Batch batchOf(ApiMessage r) throws MalformedMessageException {
        String epoch = r.text(Attr.EPOCH);
        List<GroupEvent> out = new ArrayList<>();
        Builder b = null;
        for (ApiMessage.Attribute a : r.attributes()) {
            if (a.type() == Attr.EVENT_SEQ) {
                if (b != null) {
                    out.add(b.build(epoch));
                }
                b = new Builder();
                b.sequence = ApiMessage.u64(a);
            } else if (b != null) {
                switch (a.type()) {
                    case Attr.EVENT_KIND -> b.kind = Kind.of(a.text());
                    case Attr.EVENT_TIME -> b.time = ApiMessage.u64(a);
                    case Attr.SERVICE -> b.service = a.text();
                    case Attr.ADDRESS -> b.client = ApiMessage.toAddress(a);
                    case Attr.NODE -> b.node = a.text();
                    case Attr.DETAIL -> b.detail = a.text();
                    default -> {
                    }
                }
            }
        }
        if (b != null) {
            out.add(b.build(epoch));
        }
        return new Batch(epoch, r.u64(Attr.EVENT_FIRST), r.u64(Attr.EVENT_LAST), out);
    }

    private static final class Builder {
        long sequence, time;
        Kind kind;
        String service, node, detail = "";
        InetAddress client;

        GroupEvent build(String epoch) throws MalformedMessageException {
            if (kind == null) {
                throw new MalformedMessageException("event " + sequence + " has no EVENT_KIND");
            }
            return new GroupEvent(epoch, sequence, time, kind, service, client, node, detail);
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(sequence).append(' ').append(kind.label());
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
            s.append(" (").append(detail).append(')');
        }
        return s.toString();
    }
}
