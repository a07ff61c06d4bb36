package eu.xtreemos.gecko;

/**
 * Told when serving a client fails: a handler threw, a connection failed in a way the handler cannot see, or a
 * client arrived with a state that cannot be read. The default ({@link Gecko.Builder#errors}) prints the error
 * and closes the client's connections.
 */
@FunctionalInterface
public interface ErrorHandler {
    /**
     * {@code error} happened while serving {@code client}.
     *
     * @return whether to close the client's connections (it is not served any more)
     */
    boolean failed(Client client, Exception error);

    /**
     * A checkpoint of {@code client} failed (a protected server; {@link Gecko.Builder#checkpointMillis}). What this
     * node sends the client stays held by dsco until a checkpoint succeeds; Gecko logs the failure and tries again,
     * 100 ms later (or after the checkpoint interval, if longer), doubling up to 5 s while they fail. The default
     * tells {@link #failed} and keeps the client whatever that answers: a failed checkpoint delays the client, closing
     * it would end its session — the very thing protection is for.
     *
     * @return whether to close the client's connections
     */
    default boolean checkpointFailed(Client client, Exception error) {
        failed(client, error);
        return false;
    }
}
