package eu.xtreemos.ds.mobility;

/**
 * Why a correspondent refused a Binding Update, and the Binding Acknowledgement status it answers with
 * (null: RFC 6275 §9.5.1 says to discard such an update silently, so nothing is sent).
 */
public enum BindingRejection {
    /** H set: a correspondent is not a home agent. */
    HOME_REGISTRATION_NOT_SUPPORTED(BindingAckStatus.HOME_REGISTRATION_NOT_SUPPORTED),
    /** No Nonce Indices option: return routability was not done. */
    MISSING_NONCE_INDICES(null),
    /** No Binding Authorization Data of the return-routability length. */
    MISSING_AUTHORIZATION(null),
    EXPIRED_HOME_NONCE_INDEX(BindingAckStatus.EXPIRED_HOME_NONCE_INDEX),
    EXPIRED_CARE_OF_NONCE_INDEX(BindingAckStatus.EXPIRED_CARE_OF_NONCE_INDEX),
    EXPIRED_NONCES(BindingAckStatus.EXPIRED_NONCES),
    /** The authenticator does not match: forged, altered, or made for other addresses. */
    BAD_AUTHENTICATOR(null),
    /** Not newer than the sequence number of the binding in the cache: a replay or a stale update. */
    SEQUENCE_NUMBER_OUT_OF_WINDOW(BindingAckStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW);

    private final BindingAckStatus status;

    BindingRejection(BindingAckStatus status) {
        this.status = status;
    }

    /** The status to answer with, or null to stay silent. */
    public BindingAckStatus status() {
        return status;
    }
}
