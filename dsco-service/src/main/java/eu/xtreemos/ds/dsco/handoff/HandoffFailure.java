package eu.xtreemos.ds.dsco.handoff;

/** A handoff step failed; the message is for the application. */
final class HandoffFailure extends Exception {
    HandoffFailure(String message) {
        super(message);
    }
}
