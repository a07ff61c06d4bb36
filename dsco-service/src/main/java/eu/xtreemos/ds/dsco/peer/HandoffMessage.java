package eu.xtreemos.ds.dsco.peer;

import java.net.InetAddress;
import java.util.List;

/**
 * The two-phase handoff between dsco daemons (docs/dsco-protocol.md): donor to receiver and back.
 */
public sealed interface HandoffMessage extends PeerMessage {
    /** Donor to receiver: restore these connections and hold them. */
    record Prepare(long id, String service, InetAddress client, String donor, byte[] appState, List<byte[]> states)
            implements HandoffMessage {
    }

    /** Receiver to donor: restored and held (ok) or refused (why). */
    record Prepared(long id, boolean ok, String reason, long restoreNanos) implements HandoffMessage {
    }

    /** Donor to receiver: the redirect is switched; activate, and deliver these packets held at the donor. */
    record Commit(long id, List<byte[]> packets) implements HandoffMessage {
    }

    record Committed(long id, boolean ok, String reason, long activateNanos) implements HandoffMessage {
    }

    /** Donor to receiver: forget the prepared handoff (it will not be committed). */
    record Abort(long id) implements HandoffMessage {
    }

    /** Donor to receiver after a lost commit reply: what became of handoff {@code id}? */
    record StatusQuery(long id) implements HandoffMessage {
    }

    record StatusReply(long id, String state) implements HandoffMessage {
    }
}
