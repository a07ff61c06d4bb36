package eu.xtreemos.xosaga;

/**
 * Decides on an operator's request (dsctl handoff) to hand a client to another node: hand it off (with its
 * state) or ignore the request. The operator's command waits until the handoff is done or refused.
 */
@FunctionalInterface
public interface HandoffRequestHandler {
    void handoffRequested(DistributedServer server, DistributedServerClient client, String node) throws Exception;
}
