package eu.xtreemos.ds.handoff;

/** A handoff did not happen; the donor still serves the client (its connections were re-activated). */
public class HandoffException extends Exception {
    public HandoffException(String message) {
        super(message);
    }

    public HandoffException(String message, Throwable cause) {
        super(message, cause);
    }
}
