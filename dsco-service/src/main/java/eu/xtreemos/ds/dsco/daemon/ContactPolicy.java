package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.Attr;
import eu.xtreemos.ds.dsco.api.MalformedMessageException;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.membership.Membership;
import eu.xtreemos.ds.dsco.metrics.DscoMetrics;
import eu.xtreemos.ds.dsco.peer.SteeringMessage;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which node is the contact node (where new clients go): set by an operator (SET_CONTACT_ADDR, CHANGE_CONTACT: the
 * seed's ds takeover), told by another node, learnt from the HA at start, and taken over by the first node in the
 * successor order when the contact node dies (failover): the successors set with SET_SUCCESSORS, then the other
 * nodes in the configured order.
 */
final class ContactPolicy {
    private static final Logger log = LoggerFactory.getLogger(ContactPolicy.class);

    private final LiveConfig config;
    private final ClusterLinks cluster;
    private final DscoMetrics metrics;
    private Membership membership; // null without failover
    /** Contact nodes pinged since their dsco was suspected, and when the latest unanswered ping ended (nanoTime). */
    private final Set<String> pinging = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> silentAt = new ConcurrentHashMap<>();

    ContactPolicy(LiveConfig config, ClusterLinks cluster, DscoMetrics metrics) {
        this.config = config;
        this.cluster = cluster;
        this.metrics = metrics;
    }

    /** Watches the group for the contact node leaving it. */
    void watch(Membership membership) {
        this.membership = membership;
        membership.addListener(this::onMembers);
        membership.addSuspicionListener(this::onSuspected);
    }

    /** SET_CONTACT_ADDR: this dsco's notion of the contact node, by its address. */
    ApiMessage setContactAddress(Caller caller, ApiMessage rq) throws MalformedMessageException {
        InetAddress a = rq.address(Attr.ADDRESS);
        String node = config.get().nodes().entrySet().stream().filter(e -> e.getValue().equals(a)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
        if (node == null) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, a.getHostAddress() + " is not the address of a node");
        }
        config.update(c -> c.withContact(node));
        log.info("{} set the contact node to {}", caller, node);
        return ApiMessage.reply(rq, Status.OK).add(Attr.NODE, node);
    }

    /**
     * The seed's ds takeover: {@code node} becomes the contact node. Clients the old contact node serves
     * are pinned to it at the HA first, so only new clients go to the new one; then every node is told.
     */
    synchronized ApiMessage changeContact(Caller caller, ApiMessage rq) throws MalformedMessageException {
        DscoConfig c = config.get();
        String node = rq.text(Attr.NODE);
        if (!c.nodes().containsKey(node)) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, "unknown node '" + node + "' (known: " + c.nodes().keySet() + ")");
        }
        String only = rq.textOr(Attr.SERVICE, null);
        if (only != null && c.service(only) == null) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, "unknown service '" + only + "'");
        }
        String old = c.contact();
        if (!node.equals(old)) {
            for (DscoConfig.Service s : c.services()) {
                if (only != null && !only.equals(s.id())) {
                    continue;
                }
                List<InetAddress> pinned = clientsOf(old, s);
                try {
                    cluster.setContact(s.id(), node, pinned);
                } catch (IOException e) {
                    return ApiMessage.error(rq, Status.FAILED, "the HA did not change the contact node of " + s.id() + ": " + e.getMessage());
                }
                log.info("{}: contact node of {} {} -> {}, {} established clients stay", caller, s.id(), old, node, pinned.size());
            }
            tellOthers(c, node, null);
            config.update(now -> now.withContact(node));
        }
        return ApiMessage.reply(rq, Status.OK).add(Attr.NODE, node);
    }

    /** Another node says the contact node changed. */
    PeerMessage onContactChanged(String peer, SteeringMessage.ContactChanged cc) {
        if (!config.get().nodes().containsKey(cc.node())) {
            return new PeerMessage.Result(false, "unknown node '" + cc.node() + "'");
        }
        config.update(c -> c.withContact(cc.node()));
        log.info("{} says the contact node is now {}", peer, cc.node());
        return new PeerMessage.Result(true, "");
    }

    /** Another node asks which clients this node serves (before it pins them in a takeover). */
    PeerMessage onClientsQuery(SteeringMessage.ClientsQuery q) {
        DscoConfig.Service s = config.get().service(q.service());
        try {
            return new SteeringMessage.ClientsReply(s == null ? List.of() : new ArrayList<>(ServedServices.localClients(s).keySet()));
        } catch (IOException e) {
            return new PeerMessage.Result(false, e.getMessage());
        }
    }

    /** The clients a node serves now (asked over the cluster link; none if it is unreachable). */
    private List<InetAddress> clientsOf(String node, DscoConfig.Service s) {
        DscoConfig c = config.get();
        if (node.equals(c.nodeName())) {
            try {
                return new ArrayList<>(ServedServices.localClients(s).keySet());
            } catch (IOException e) {
                log.warn("listing local clients: {}", e.getMessage());
                return List.of();
            }
        }
        try {
            return cluster.clientsOf(node, s.id());
        } catch (IOException e) {
            log.warn("the old contact node {} did not list its clients ({}); none are pinned", node, e.getMessage());
            return List.of();
        }
    }

    /** Tells every other node (but {@code skip}) that {@code contact} is the contact node. */
    private void tellOthers(DscoConfig c, String contact, String skip) {
        for (String n : c.nodes().keySet()) {
            if (n.equals(c.nodeName()) || n.equals(skip)) {
                continue;
            }
            try {
                cluster.call(n, new SteeringMessage.ContactChanged(contact), c.timeouts().prepare());
            } catch (IOException e) {
                log.warn("could not tell {} about the new contact node: {}", n, e.getMessage());
            }
        }
    }

    /** A (re)started dsco takes the contact node from the HA: a failover may have moved it since the file was written. */
    void learnContact() {
        DscoConfig c = config.get();
        try {
            String now = cluster.contactAtHa(c.services().get(0).id());
            if (now != null && c.nodes().containsKey(now) && !now.equals(c.contact())) {
                log.info("the HA says the contact node is {}, not {} as configured", now, c.contact());
                config.update(x -> x.withContact(now));
            }
        } catch (IOException e) {
            log.warn("could not ask the HA for the contact node ({}); using {} from the configuration", e.getMessage(), c.contact());
        }
    }

    /**
     * The contact node left the group (it died, or was cut off): the first node in the configured order that
     * answers makes itself the contact node — at the HA for every service, then on every node.
     * Its clients are gone with it; clients served by other nodes are not touched.
     */
    private void onMembers(List<String> members, List<String> left, List<String> joined) {
        DscoConfig c = config.get();
        if (!left.contains(c.contact())) {
            return;
        }
        long viewAt = System.currentTimeMillis();
        Thread t = new Thread(() -> {
            // The successor is the first node in the configured order that answers: every node works it out
            // the same way, whatever view of the group it has this instant, and only the successor acts.
            int timeout = (int) Math.max(100, c.failover().detection().toMillis() / 3);
            String next = null;
            for (Map.Entry<String, InetAddress> n : successorOrder(c)) {
                if (n.getKey().equals(c.contact())) {
                    continue;
                }
                try {
                    if (n.getKey().equals(c.nodeName()) || n.getValue().isReachable(timeout)) {
                        next = n.getKey();
                        break;
                    }
                } catch (IOException e) {
                    // not this one
                }
            }
            if (c.nodeName().equals(next) && awaitContactUnreachable(c.contact())) {
                failover(c.contact(), next, viewAt, System.currentTimeMillis());
            }
        }, "failover");
        t.setDaemon(true);
        t.start();
    }

    /**
     * A failure detector suspects the contact node's dsco: its node is pinged from now on, until the view
     * without it comes (or it stays in the group), so that the watch below has the node's answer when the view
     * comes, instead of starting then. The group's verification of the suspicion takes about a detection time,
     * longer than a ping. Nothing is decided here: a suspicion is no verdict.
     */
    private void onSuspected(String member) {
        DscoConfig c = config.get();
        if (!member.equals(c.contact()) || member.equals(c.nodeName()) || !c.nodes().containsKey(member) || !pinging.add(member)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                long period = pingPeriodMillis();
                long end = System.nanoTime() + 10 * c.failover().detection().toNanos();
                while (System.nanoTime() - end < 0 && config.get().contact().equals(member)
                        && membership.members().contains(member)) {
                    if (answers(member, period)) {
                        silentAt.remove(member);
                        Thread.sleep(period);
                    } else {
                        silentAt.put(member, System.nanoTime());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                pinging.remove(member);
            }
        }, "failover-ping");
        t.setDaemon(true);
        t.start();
    }

    private long pingPeriodMillis() {
        return Math.max(100, config.get().failover().detection().toMillis() / 3);
    }

    /** Whether the node answers a ping within {@code timeoutMs}. */
    private boolean answers(String node, long timeoutMs) {
        try {
            return config.get().nodes().get(node).isReachable((int) timeoutMs);
        } catch (IOException e) {
            return false; // unreachable as far as we can tell
        }
    }

    /**
     * The contact node's dsco left the group. While the node still answers, only dsco may have gone
     * (restarting): its application serves its clients and accepts new ones, and moving the contact route
     * would cut them all off. So the node is watched until it stops answering (fail over: true), or its dsco is
     * back in the group or the contact node changed meanwhile (false). Watched, not looked at once: a machine
     * often loses its daemon a moment before it goes down itself, and one look would miss that.
     */
    private boolean awaitContactUnreachable(String dead) {
        long period = pingPeriodMillis();
        // A ping sent since the suspicion (onSuspected) that went unanswered counts as this watch's first look if
        // it ended at most two ping periods ago and none has been answered since: the node had been silent for a
        // whole ping timeout just before the group removed its dsco.
        Long silent = silentAt.remove(dead);
        if (silent != null && System.nanoTime() - silent <= 2 * period * 1_000_000 && config.get().contact().equals(dead)
                && (membership == null || !membership.members().contains(dead))) {
            return true;
        }
        boolean warned = false;
        while (true) {
            DscoConfig c = config.get();
            if (!c.contact().equals(dead)) {
                return false; // someone changed it meanwhile
            }
            if (membership != null && membership.members().contains(dead)) {
                if (warned) {
                    log.info("failover: contact node {}'s dsco is back in the group", dead);
                }
                return false;
            }
            if (!answers(dead, period)) {
                return true;
            }
            if (!warned) {
                log.warn("failover: contact node {}'s dsco left the group but the node answers; not failing over while it does", dead);
                warned = true;
            }
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private synchronized void failover(String dead, String next, long viewAt, long decidedAt) {
        long t0 = System.nanoTime();
        DscoConfig c = config.get();
        if (!c.contact().equals(dead)) {
            return; // someone changed it meanwhile
        }
        for (DscoConfig.Service s : c.services()) {
            try {
                cluster.setContact(s.id(), next, List.of());
            } catch (IOException e) {
                log.error("failover: the HA did not make {} the contact node of {}: {}", next, s.id(), e.getMessage());
                return;
            }
        }
        long switchedAt = System.currentTimeMillis();
        config.update(now -> now.withContact(next));
        metrics.failedOver(new DscoMetrics.Failover(viewAt, decidedAt, switchedAt));
        tellOthers(c, next, dead);
        log.warn("failover: contact node {} left the group; {} is the contact node now (view -> decided {} ms, -> HA switched {} ms, "
                + "-> all told {} ms)", dead, next, decidedAt - viewAt, switchedAt - decidedAt, (System.nanoTime() - t0) / 1_000_000);
    }

    /** The nodes of {@code c} in the order they succeed the contact node ({@link LiveConfig#successorOrder}). */
    private List<Map.Entry<String, InetAddress>> successorOrder(DscoConfig c) {
        return config.successorOrder().stream().filter(c.nodes()::containsKey).map(n -> Map.entry(n, c.nodes().get(n))).toList();
    }
}
