package eu.xtreemos.ds.dsco.handoff;

import eu.xtreemos.ds.dsco.peer.HandoffMessage;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/** What the donor's side asks of a receiver that may have died or restarted: the state of a handoff, and abort. */
final class ReceiverStatus {
    private static final Logger log = LoggerFactory.getLogger(ReceiverStatus.class);

    private final HandoffState state;
    private final Cluster cluster;

    ReceiverStatus(HandoffState state, Cluster cluster) {
        this.state = state;
        this.cluster = cluster;
    }

    /**
     * What the receiver says of handoff {@code id} ("committed", "prepared" or "unknown"), asked on fresh links
     * until it answers; null if it did not within {@link HandoffState#statusPatience()} (its node is gone, and with
     * it whatever it had activated).
     */
    String of(String target, long id) {
        long deadline = System.nanoTime() + state.statusPatience().toNanos();
        while (true) {
            try {
                PeerMessage m = cluster.call(target, new HandoffMessage.StatusQuery(id), state.config().timeouts().commit());
                if (m instanceof HandoffMessage.StatusReply r && r.id() == id) {
                    return r.state();
                }
                log.warn("{} answered a status query with {}", target, HandoffState.describe(m));
            } catch (IOException e) {
                log.debug("status of handoff {} at {}: {}", Long.toHexString(id), target, HandoffState.reason(e));
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    void abort(String target, long id) {
        try {
            cluster.call(target, new HandoffMessage.Abort(id), state.config().timeouts().prepare());
        } catch (IOException e) {
            log.warn("abort not delivered ({}); the receiver drops the prepared handoff when it expires", e.getMessage());
        }
    }
}
