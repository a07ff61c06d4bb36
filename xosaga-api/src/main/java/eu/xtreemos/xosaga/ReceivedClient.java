package eu.xtreemos.xosaga;

/**
 * A client handed to this node: its live streams (OPEN, in the donor's order) and the state the donor's
 * application sent with it.
 */
public interface ReceivedClient extends DistributedServerClient {
    /** The application state the donor sent (empty if none). */
    byte[] getState();
}
