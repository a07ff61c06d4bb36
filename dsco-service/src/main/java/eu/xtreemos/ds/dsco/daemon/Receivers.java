package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.Attr;
import eu.xtreemos.ds.dsco.api.Op;
import eu.xtreemos.ds.dsco.handoff.ReceivingApps;
import eu.xtreemos.ds.unix.UnixSeqpacketSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The receiving application of each service on this node: a kept API connection that gets RECEIVED events. */
final class Receivers implements ReceivingApps {
    private static final Logger log = LoggerFactory.getLogger(Receivers.class);

    private record Registration(UnixSeqpacketSocket socket, Caller caller) {
    }

    private final Map<String, Registration> byService = new ConcurrentHashMap<>();

    void register(String service, UnixSeqpacketSocket socket, Caller caller) {
        Registration old = byService.put(service, new Registration(socket, caller));
        if (old != null) {
            log.info("receiver for {} replaced: {} after {}", service, caller, old.caller());
            old.socket().close();
        } else {
            log.info("{} receives clients of {}", caller, service);
        }
    }

    @Override
    public boolean registered(String service) {
        return byService.containsKey(service);
    }

    /** Synchronized: the RECEIVED_FDS parts of one client and its RECEIVED must not interleave with another's. */
    @Override
    public synchronized void deliver(String service, InetAddress client, int[] fds, byte[] appState) throws IOException {
        int at = 0;
        while (fds.length - at > Op.FDS_PER_MESSAGE) { // more than one message holds: parts first
            send(service, ApiMessage.event(Op.RECEIVED_FDS).add(Attr.SERVICE, service).add(Attr.ADDRESS, client),
                    Arrays.copyOfRange(fds, at, at + Op.FDS_PER_MESSAGE));
            at += Op.FDS_PER_MESSAGE;
        }
        send(service, ApiMessage.event(Op.RECEIVED).add(Attr.SERVICE, service).add(Attr.ADDRESS, client).add(Attr.BLOB, appState),
                Arrays.copyOfRange(fds, at, fds.length));
    }

    @Override
    public void requestHandoff(String service, InetAddress client, String node) throws IOException {
        send(service, ApiMessage.event(Op.HANDOFF_REQUESTED).add(Attr.SERVICE, service).add(Attr.ADDRESS, client).add(Attr.NODE, node));
    }

    /** Sends an event to the service's application; one that cannot take it any more is forgotten. */
    private void send(String service, ApiMessage event, int... fds) throws IOException {
        Registration r = byService.get(service);
        if (r == null) {
            throw new IOException("no application on this node is registered for " + service);
        }
        try {
            r.socket().send(event.encode(), fds);
        } catch (IOException | RuntimeException e) {
            byService.remove(service, r);
            r.socket().close();
            throw new IOException("the application of " + service + " (" + r.caller() + ") is gone: " + e.getMessage(), e);
        }
    }

    void close() {
        byService.values().forEach(r -> r.socket().close());
        byService.clear();
    }
}
