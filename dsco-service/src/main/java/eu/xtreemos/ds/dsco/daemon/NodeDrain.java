package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.Attr;
import eu.xtreemos.ds.dsco.api.GroupEvent;
import eu.xtreemos.ds.dsco.api.MalformedMessageException;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.events.GroupEventLog;
import eu.xtreemos.ds.dsco.handoff.HandoffOutcome;
import eu.xtreemos.ds.dsco.handoff.HandoffReceiver;
import eu.xtreemos.ds.dsco.handoff.HandoffRequests;
import eu.xtreemos.ds.dsco.handoff.HandoffState;
import eu.xtreemos.ds.dsco.membership.Membership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * DRAIN: empties this node before it is taken down. From the start the node takes no clients in handoffs; then each
 * client it serves is handed, through its application (as an operator's REQUEST_HANDOFF is), to the live other node
 * that serves the fewest clients of that service (a node that refuses as drained itself takes none); clients that
 * failed are tried again in up to {@value #PASSES} passes. Progress goes to the group's event log. The answer lists the
 * clients that could not move, each with why (CONNECTIONS: how many moved; then ADDRESS, DETAIL per client that
 * stayed); the node stays drained (MODE {@code resume} lifts it).
 */
final class NodeDrain {
    private static final Logger log = LoggerFactory.getLogger(NodeDrain.class);
    /** Clients that connect during a drain are picked up by another pass, up to this many. */
    private static final int PASSES = 3;
    /** Before a pass retries clients that failed: time for their application to take their connections back. */
    private static final long RETRY_PAUSE_MS = 500;

    private final LiveConfig config;
    private final ClusterLinks cluster;
    private final Membership membership; // null without failover: every configured node counts as live
    private final HandoffRequests requests;
    private final HandoffState state;
    private final GroupEventLog events;
    private final AtomicBoolean running = new AtomicBoolean();

    NodeDrain(LiveConfig config, ClusterLinks cluster, Membership membership, HandoffRequests requests, HandoffState state,
              GroupEventLog events) {
        this.config = config;
        this.cluster = cluster;
        this.membership = membership;
        this.requests = requests;
        this.state = state;
        this.events = events;
    }

    ApiMessage drain(Caller caller, ApiMessage rq) throws MalformedMessageException, IOException, InterruptedException {
        String mode = rq.textOr(Attr.MODE, "drain");
        DscoConfig c = config.get();
        if (mode.equals("resume")) {
            state.draining = false;
            log.info("{}: {} takes clients again", caller, c.nodeName());
            return ApiMessage.reply(rq, Status.OK);
        }
        if (!mode.equals("drain")) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, "unknown drain mode '" + mode + "' (known: drain, resume)");
        }
        String only = rq.textOr(Attr.SERVICE, null);
        if (only != null && c.service(only) == null) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, "unknown service '" + only + "'");
        }
        if (c.contact().equals(c.nodeName())) {
            return ApiMessage.error(rq, Status.FAILED, c.nodeName() + " is the contact node, where new clients arrive: make"
                    + " another node the contact node first (CHANGE_CONTACT, dsctl contact)");
        }
        if (!running.compareAndSet(false, true)) {
            return ApiMessage.error(rq, Status.FAILED, "a drain of " + c.nodeName() + " is already running");
        }
        try {
            state.draining = true;
            log.info("{}: draining {}", caller, c.nodeName());
            Map<InetAddress, String> stuck = new LinkedHashMap<>();
            int moved = 0;
            for (DscoConfig.Service s : c.services()) {
                if (only == null || only.equals(s.id())) {
                    moved += drain(s, stuck);
                }
            }
            // A drain that left clients behind still answers OK: the list of who stayed and why is its result.
            ApiMessage r = ApiMessage.reply(rq, Status.OK).add(Attr.CONNECTIONS, moved);
            stuck.forEach((client, why) -> r.add(Attr.ADDRESS, client).add(Attr.DETAIL, why));
            log.info("drain of {}: {} clients moved, {} could not", c.nodeName(), moved, stuck.size());
            return r;
        } finally {
            running.set(false);
        }
    }

    /**
     * Moves every client of {@code s}; returns how many moved and leaves the ones that did not in {@code stuck}. A
     * client that failed is tried again in the next pass, not at once: after a failed donation its application takes
     * its connections back, and a request that came before that would find none to pass.
     */
    private int drain(DscoConfig.Service s, Map<InetAddress, String> stuck) throws IOException, InterruptedException {
        Set<InetAddress> moved = new HashSet<>();
        Set<String> refusing = new HashSet<>(); // nodes being drained themselves: they take no clients
        for (int pass = 0; pass < PASSES; pass++) {
            if (!stuck.isEmpty()) {
                Thread.sleep(RETRY_PAUSE_MS);
            }
            List<InetAddress> clients = new ArrayList<>(ServedServices.localClients(s).keySet());
            // A client handed off still shows here until its application closes the frozen copies of its sockets.
            clients.removeAll(moved);
            if (clients.isEmpty()) {
                break;
            }
            Map<String, Integer> load = loads(s);
            load.keySet().removeAll(refusing);
            if (load.isEmpty()) {
                for (InetAddress client : clients) {
                    stuck.put(client, "no other live node takes clients");
                }
                break;
            }
            int done = 0;
            events.note(GroupEvent.Kind.DRAIN_PROGRESS, s.id(), null, null, "0 of " + clients.size() + " clients moved");
            for (InetAddress client : clients) {
                String why = move(s, client, load, refusing);
                done++;
                if (why == null) {
                    moved.add(client);
                    stuck.remove(client);
                } else {
                    stuck.put(client, why);
                }
                events.note(GroupEvent.Kind.DRAIN_PROGRESS, s.id(), client, null,
                        done + " of " + clients.size() + " clients " + (why == null ? "moved" : "tried: " + why));
            }
            if (stuck.isEmpty()) {
                break;
            }
        }
        return moved.size();
    }

    /** Hands the client to the least-loaded node that takes clients; null, or why it did not move. */
    private String move(DscoConfig.Service s, InetAddress client, Map<String, Integer> load, Set<String> refusing) {
        String target = null;
        for (Map.Entry<String, Integer> e : load.entrySet()) {
            if (!refusing.contains(e.getKey()) && (target == null || e.getValue() < load.get(target))) {
                target = e.getKey();
            }
        }
        if (target == null) {
            return "no other live node takes clients";
        }
        HandoffOutcome o = requests.request(s.id(), client, target, HandoffRequests.patience(config.get()));
        if (o.ok()) {
            load.merge(target, 1, Integer::sum);
            return null;
        }
        if (o.message().contains(HandoffReceiver.DRAINED)) {
            refusing.add(target);
        }
        String why = "to " + target + ": " + o.message();
        log.warn("drain: {} did not move {}", client.getHostAddress(), why);
        return why;
    }

    /** Clients of {@code s} per live other node that answered; a node that does not answer takes none. */
    private Map<String, Integer> loads(DscoConfig.Service s) {
        DscoConfig c = config.get();
        List<String> live = membership == null ? new ArrayList<>(c.nodes().keySet()) : membership.members();
        Map<String, Integer> load = new LinkedHashMap<>();
        for (String n : live) {
            if (n.equals(c.nodeName()) || !c.nodes().containsKey(n)) {
                continue;
            }
            try {
                load.put(n, cluster.clientsOf(n, s.id()).size());
            } catch (IOException e) {
                log.warn("drain: {} did not say how many clients it serves ({}); it takes none", n, e.getMessage());
            }
        }
        return load;
    }
}
