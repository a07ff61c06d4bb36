package eu.xtreemos.ds.dsco.peer;

import java.io.IOException;

/** The other end could not prove it holds the cluster key, or a message from it failed authentication. */
public class PeerAuthException extends IOException {
    public PeerAuthException(String message) {
        super(message);
    }
}
