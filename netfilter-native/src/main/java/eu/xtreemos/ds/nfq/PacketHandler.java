package eu.xtreemos.ds.nfq;

/**
 * Decides what happens to each packet the kernel queued to a {@link PacketQueue}.
 *
 * <p>Called on the queue's reader thread, one packet at a time in arrival order, while the queue's lock is
 * held: verdicts of {@link PacketQueue#releaseHeld} and friends cannot interleave with a decision, so state
 * the handler reads can be changed together with a release inside {@link PacketQueue#atomically}. Keep it
 * quick (no blocking I/O): the next packet, and every release, waits for it. An exception, or null, counts
 * as {@link Decision#ACCEPT}.
 */
@FunctionalInterface
public interface PacketHandler {
    enum Decision {
        /** Let the packet continue into the local stack now. */
        ACCEPT,
        /** Drop it now (the client's TCP retransmits). */
        DROP,
        /** Keep it, with its bytes, until {@code releaseHeld}, {@code takeHeld} or {@code dropHeld} for its source. */
        HOLD,
        /**
         * The handler keeps the packet's id and gives the verdict itself later ({@link PacketQueue#acceptDeferred},
         * {@link PacketQueue#dropDeferred}); the queue keeps nothing. For rules that release packets one by one (output
         * commit) rather than all of a source at once. The kernel holds the packet meanwhile (its queue is bounded).
         */
        DEFER
    }

    Decision decide(QueuedPacket packet);

    /** Holds every packet: the queue only sees clients in flight, so this is the usual policy. */
    PacketHandler HOLD_ALL = p -> Decision.HOLD;

    /** Accepts every packet (a pass-through, for measurements). */
    PacketHandler ACCEPT_ALL = p -> Decision.ACCEPT;
}
