package eu.xtreemos.ds.tcp;

/** A kernel call of the socket engine failed; the message names the call and the errno. */
public class SocketRepairException extends RuntimeException {
    public SocketRepairException(String message) {
        super(message);
    }

    public SocketRepairException(String message, Throwable cause) {
        super(message, cause);
    }
}
