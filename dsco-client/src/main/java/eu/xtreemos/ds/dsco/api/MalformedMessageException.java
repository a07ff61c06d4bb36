package eu.xtreemos.ds.dsco.api;

/** An API message that cannot be understood; the message says what is wrong. */
public class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message);
    }
}
