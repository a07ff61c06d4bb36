package eu.xtreemos.ds.dsco.handoff;

import java.net.InetAddress;

/** Where the donor and the receiver report how each handoff ended, for the group's event log. */
public interface HandoffEvents {
    /** The client's connections left this node: {@code to} serves them now. */
    void handedOff(String service, InetAddress client, String to, int connections);

    /** A handoff of the client to {@code to} did not happen or was undone: the client is served here as before. */
    void handoffFailed(String service, InetAddress client, String to, String why);

    /** This node took the client over from {@code from}. */
    void received(String service, InetAddress client, String from, int connections);

    HandoffEvents NONE = new HandoffEvents() {
        @Override
        public void handedOff(String service, InetAddress client, String to, int connections) {
        }

        @Override
        public void handoffFailed(String service, InetAddress client, String to, String why) {
        }

        @Override
        public void received(String service, InetAddress client, String from, int connections) {
        }
    };
}
