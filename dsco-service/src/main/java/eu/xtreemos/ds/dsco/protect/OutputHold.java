package eu.xtreemos.ds.dsco.protect;

import java.io.Closeable;

/**
 * Where a protected service's packets to its clients wait for their checkpoint ({@link OutputCommit}'s rule on a
 * kernel queue; the kernel's is {@code daemon.NfqOutputHold}), a port like the handoff's packet filter.
 */
public interface OutputHold extends Closeable {
    /** The backup holds a checkpoint of {@code c} taken at these sequence numbers: what it covers leaves now. */
    void covered(OutputCommit.Conn c, int sendSeq, int recvSeq);

    /**
     * {@code c} is no longer protected (its application left it out of the client's checkpoints, the client ended,
     * or it was handed off): what is held of it leaves, in order, and what follows passes until it is checkpointed again.
     */
    void unprotect(OutputCommit.Conn c);

    /** Packets held now. */
    int heldNow();

    /** For a node without protected services: holds nothing. */
    OutputHold NONE = new OutputHold() {
        @Override
        public void covered(OutputCommit.Conn c, int sendSeq, int recvSeq) {
        }

        @Override
        public void unprotect(OutputCommit.Conn c) {
        }

        @Override
        public int heldNow() {
            return 0;
        }

        @Override
        public void close() {
        }
    };
}
