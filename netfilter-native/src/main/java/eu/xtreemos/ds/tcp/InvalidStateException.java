package eu.xtreemos.ds.tcp;

/** A connection-state record was refused; the message names the field and what is wrong with it. */
public class InvalidStateException extends Exception {
    public InvalidStateException(String message) {
        super(message);
    }
}
