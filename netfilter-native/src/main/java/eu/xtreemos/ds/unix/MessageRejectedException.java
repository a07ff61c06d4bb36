package eu.xtreemos.ds.unix;

import java.io.IOException;

/**
 * A received message broke the socket's limits (too long, too many fds) or was malformed. The
 * message has been consumed and discarded and every fd it carried closed; the connection itself is
 * still usable, the next {@code receive} reads the next message.
 */
public class MessageRejectedException extends IOException {
    public MessageRejectedException(String message) {
        super(message);
    }
}
