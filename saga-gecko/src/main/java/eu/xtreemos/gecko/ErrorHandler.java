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
}
