package eu.xtreemos.ds.dsco.api;

/** Reply status codes. */
public enum Status {
    OK(0),
    BAD_REQUEST(1),        // malformed or missing attributes
    DENIED(2),             // the caller is not allowed
    NOT_AVAILABLE(3),      // the operation does not exist in the current redirect mode
    FAILED(4),             // it was tried and did not work (the message says why)
    UNKNOWN_OP(5),
    UNSUPPORTED_VERSION(6);

    public final int code;

    Status(int code) {
        this.code = code;
    }

    public static Status of(int code) {
        for (Status s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return FAILED;
    }
}
