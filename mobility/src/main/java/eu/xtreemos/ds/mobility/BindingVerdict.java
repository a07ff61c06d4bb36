package eu.xtreemos.ds.mobility;

/** What a {@link BindingUpdateVerifier} decided about one Binding Update. */
public sealed interface BindingVerdict permits BindingVerdict.Accepted, BindingVerdict.Rejected {

    /**
     * Accepted: {@code entry} is the new binding, or null for a deregistration; {@code kbm} signs the
     * acknowledgement; {@code grantedLifetimeUnits} goes in it.
     */
    record Accepted(BindingCacheEntry entry, BindingManagementKey kbm, int grantedLifetimeUnits)
            implements BindingVerdict {
    }

    /**
     * Refused, with the reason and a sentence for the log. {@code lastAcceptedSequence} is the sequence
     * number a status-135 acknowledgement carries (the cached one); {@code kbm} is the key when it could
     * be computed (to sign that acknowledgement), else null.
     */
    record Rejected(BindingRejection reason, String detail, int lastAcceptedSequence, BindingManagementKey kbm)
            implements BindingVerdict {
        /** The acknowledgement status to answer with, or null to discard silently. */
        public BindingAckStatus status() {
            return reason.status();
        }
    }

    default boolean accepted() {
        return this instanceof Accepted;
    }
}
