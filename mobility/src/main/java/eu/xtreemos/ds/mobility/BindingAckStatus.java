package eu.xtreemos.ds.mobility;

/** The Binding Acknowledgement status codes of RFC 6275 §6.1.8. */
public enum BindingAckStatus {
    ACCEPTED(0, "Binding Update accepted"),
    ACCEPTED_PREFIX_DISCOVERY_NECESSARY(1, "Accepted but prefix discovery necessary"),
    REASON_UNSPECIFIED(128, "Reason unspecified"),
    ADMINISTRATIVELY_PROHIBITED(129, "Administratively prohibited"),
    INSUFFICIENT_RESOURCES(130, "Insufficient resources"),
    HOME_REGISTRATION_NOT_SUPPORTED(131, "Home registration not supported"),
    NOT_HOME_SUBNET(132, "Not home subnet"),
    NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE(133, "Not home agent for this mobile node"),
    DUPLICATE_ADDRESS_DETECTION_FAILED(134, "Duplicate Address Detection failed"),
    SEQUENCE_NUMBER_OUT_OF_WINDOW(135, "Sequence number out of window"),
    EXPIRED_HOME_NONCE_INDEX(136, "Expired home nonce index"),
    EXPIRED_CARE_OF_NONCE_INDEX(137, "Expired care-of nonce index"),
    EXPIRED_NONCES(138, "Expired nonces"),
    REGISTRATION_TYPE_CHANGE_DISALLOWED(139, "Registration type change disallowed"),
    INVALID_CARE_OF_ADDRESS(174, "Invalid Care-of Address");

    private final int code;
    private final String description;

    BindingAckStatus(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    public boolean accepted() {
        return code < 128;
    }

    /** The status with this code, or null if RFC 6275 defines none. */
    public static BindingAckStatus of(int code) {
        for (BindingAckStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
