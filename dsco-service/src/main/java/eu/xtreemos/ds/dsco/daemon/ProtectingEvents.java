package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.handoff.HandoffEvents;
import eu.xtreemos.ds.dsco.protect.Checkpointer;

import java.net.InetAddress;

/** The handoffs' outcomes to the event log and, for a client that left, to output commit: its receiver protects it now. */
final class ProtectingEvents implements HandoffEvents {
    private final HandoffEvents log;
    private final Checkpointer checkpointer;

    ProtectingEvents(HandoffEvents log, Checkpointer checkpointer) {
        this.log = log;
        this.checkpointer = checkpointer;
    }

    @Override
    public void handedOff(String service, InetAddress client, String to, int connections) {
        checkpointer.ended(service, client); // the receiver protects it now
        log.handedOff(service, client, to, connections);
    }

    @Override
    public void handoffFailed(String service, InetAddress client, String to, String why) {
        log.handoffFailed(service, client, to, why);
    }

    @Override
    public void received(String service, InetAddress client, String from, int connections) {
        log.received(service, client, from, connections);
    }
}
