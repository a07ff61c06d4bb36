package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.Attr;
import eu.xtreemos.ds.dsco.api.MalformedMessageException;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.handoff.ClientRegistry;
import eu.xtreemos.ds.dsco.membership.Membership;
import eu.xtreemos.ds.dsco.peer.GroupMessage;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The group of nodes at run time (ADD_NODE, REMOVE_NODE, SET_SUCCESSORS; privileged): the dsco an operator asks
 * checks the change, has the HA agent make it first where the HA takes part (a node must be steerable before any
 * dsco hands it a client, and a node the HA refuses to drop must stay everywhere), makes it here, and tells every
 * other dsco ({@link GroupMessage}), which applies it the same way. Every change is idempotent, so an operator
 * whose request failed on the way repeats it. The changes live as long as dsco runs: the configuration files are
 * not rewritten (docs/operations.md, "Adding and removing nodes").
 */
final class GroupAdmin {
    private static final Logger log = LoggerFactory.getLogger(GroupAdmin.class);

    private final LiveConfig config;
    private final ClusterLinks cluster;
    private final ClientRegistry registry;
    private final Membership membership; // null without failover

    GroupAdmin(LiveConfig config, ClusterLinks cluster, ClientRegistry registry, Membership membership) {
        this.config = config;
        this.cluster = cluster;
        this.registry = registry;
        this.membership = membership;
    }

    /** ADD_NODE: NODE, NODE_ADDRESS. */
    synchronized ApiMessage addNode(Caller caller, ApiMessage rq) throws MalformedMessageException {
        String node = rq.text(Attr.NODE);
        InetAddress address = rq.address(Attr.NODE_ADDRESS);
        String problem = GroupChanges.addProblem(config.get().nodes(), node, address);
        if (problem != null) {
            log.warn("refused ADD_NODE {} {} from {}: {}", node, address.getHostAddress(), caller, problem);
            return ApiMessage.error(rq, Status.BAD_REQUEST, problem);
        }
        try {
            cluster.nodeJoined(node, address);
        } catch (IOException e) {
            return ApiMessage.error(rq, Status.FAILED, "the HA agent did not add node " + node + " (" + e.getMessage()
                    + "); nothing changed");
        }
        boolean known = config.get().nodes().containsKey(node);
        DscoConfig c = config.update(now -> GroupChanges.withNode(now, node, address));
        discover(c);
        if (!known) {
            log.info("{} added node {} at {}", caller, node, address.getHostAddress());
        }
        // The new node's own dsco lists every node in its file; it needs only the successor order set at run time.
        List<String> missed = tellOthers(c, new GroupMessage.NodeAdded(node, address), node);
        List<String> successors = config.successors();
        if (!successors.isEmpty() && !node.equals(c.nodeName())) {
            missed.addAll(tell(c, List.of(node), new GroupMessage.SuccessorsSet(successors)));
        }
        if (!missed.isEmpty()) {
            return ApiMessage.error(rq, Status.FAILED, "node " + node + " added here and at the HA agent, but not told to "
                    + String.join(", ", missed) + ": repeat the request when they answer (it is idempotent)");
        }
        return ApiMessage.reply(rq, Status.OK).add(Attr.NODE, node).add(Attr.NODE_ADDRESS, address);
    }

    /** REMOVE_NODE: NODE. Refused for this node, the contact node, and a node that serves clients. */
    synchronized ApiMessage removeNode(Caller caller, ApiMessage rq) throws MalformedMessageException {
        String node = rq.text(Attr.NODE);
        DscoConfig c = config.get();
        if (!c.nodes().containsKey(node)) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, "unknown node '" + node + "' (known: " + c.nodes().keySet() + ")");
        }
        if (node.equals(c.nodeName())) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, node + " is this node: ask another node's dsco to remove it");
        }
        if (node.equals(c.contact())) {
            log.warn("refused REMOVE_NODE {} from {}: it is the contact node", node, caller);
            return ApiMessage.error(rq, Status.FAILED, node + " is the contact node: make another node the contact node first (CHANGE_CONTACT)");
        }
        String serving = clientsServedBy(c, node);
        if (serving != null) {
            log.warn("refused REMOVE_NODE {} from {}: {}", node, caller, serving);
            return ApiMessage.error(rq, Status.FAILED, serving + ": hand them to other nodes first");
        }
        try {
            cluster.nodeLeft(node);
        } catch (IOException e) {
            return ApiMessage.error(rq, Status.FAILED, "the HA agent did not remove node " + node + " (" + e.getMessage()
                    + "); nothing changed");
        }
        DscoConfig now = config.update(x -> GroupChanges.withoutNode(x, node));
        discover(now);
        cluster.forget(node);
        log.info("{} removed node {}", caller, node);
        List<String> missed = tellOthers(now, new GroupMessage.NodeRemoved(node), null);
        if (!missed.isEmpty()) {
            return ApiMessage.error(rq, Status.FAILED, "node " + node + " removed here and at the HA agent, but not told to "
                    + String.join(", ", missed) + ": repeat the request when they answer (it is idempotent)");
        }
        return ApiMessage.reply(rq, Status.OK).add(Attr.NODE, node);
    }

    /** SET_SUCCESSORS: NODE* in order; none: back to the configured order. */
    synchronized ApiMessage setSuccessors(Caller caller, ApiMessage rq) {
        List<String> order = rq.all(Attr.NODE).stream().map(ApiMessage.Attribute::text).toList();
        DscoConfig c = config.get();
        String problem = GroupChanges.successorsProblem(c.nodes().keySet(), order);
        if (problem != null) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, problem);
        }
        config.setSuccessors(order);
        log.info("{} set the contact node's successors to {} (failover order {})", caller, order, config.successorOrder());
        List<String> missed = tellOthers(c, new GroupMessage.SuccessorsSet(order), null);
        if (!missed.isEmpty()) {
            return ApiMessage.error(rq, Status.FAILED, "successors set here, but not told to " + String.join(", ", missed)
                    + ": repeat the request when they answer (it is idempotent)");
        }
        ApiMessage r = ApiMessage.reply(rq, Status.OK);
        config.successorOrder().forEach(n -> r.add(Attr.NODE, n));
        return r;
    }

    /** Another dsco changed the group: the same change here. */
    PeerMessage onGroupMessage(String peer, GroupMessage m) {
        if (m instanceof GroupMessage.NodeAdded a) {
            String problem = GroupChanges.addProblem(config.get().nodes(), a.node(), a.address());
            if (problem != null) {
                log.warn("{} says node {} joined at {}, refused: {}", peer, a.node(), a.address().getHostAddress(), problem);
                return new PeerMessage.Result(false, problem);
            }
            boolean known = config.get().nodes().containsKey(a.node());
            discover(config.update(c -> GroupChanges.withNode(c, a.node(), a.address())));
            if (!known) {
                log.info("{} added node {} at {}", peer, a.node(), a.address().getHostAddress());
            }
            return new PeerMessage.Result(true, "");
        }
        if (m instanceof GroupMessage.NodeRemoved r) {
            DscoConfig c = config.get();
            if (r.node().equals(c.nodeName()) || r.node().equals(c.contact())) {
                String why = r.node() + " is " + (r.node().equals(c.nodeName()) ? "this node" : "the contact node") + " here";
                log.warn("{} says node {} left, refused: {}", peer, r.node(), why);
                return new PeerMessage.Result(false, why);
            }
            if (c.nodes().containsKey(r.node())) {
                discover(config.update(x -> GroupChanges.withoutNode(x, r.node())));
                cluster.forget(r.node());
                log.info("{} removed node {}", peer, r.node());
            }
            return new PeerMessage.Result(true, "");
        }
        GroupMessage.SuccessorsSet s = (GroupMessage.SuccessorsSet) m;
        String problem = GroupChanges.successorsProblem(config.get().nodes().keySet(), s.nodes());
        if (problem != null) {
            log.warn("{} set the contact node's successors to {}, refused: {}", peer, s.nodes(), problem);
            return new PeerMessage.Result(false, problem);
        }
        config.setSuccessors(s.nodes());
        log.info("{} set the contact node's successors to {}", peer, s.nodes());
        return new PeerMessage.Result(true, "");
    }

    /**
     * What stops {@code node} from leaving for serving clients, or null. Its dsco is asked which clients it serves (its
     * kernel's connections to each service); if it does not answer, the clients this node handed to it count.
     */
    private String clientsServedBy(DscoConfig c, String node) {
        Map<String, List<InetAddress>> served = new LinkedHashMap<>();
        try {
            for (DscoConfig.Service s : c.services()) {
                List<InetAddress> clients = cluster.clientsOf(node, s.id());
                if (!clients.isEmpty()) {
                    served.put(s.id(), clients);
                }
            }
        } catch (IOException e) {
            served.clear();
            for (ClientRegistry.Entry en : registry.entries()) {
                if (en.node().equals(node)) {
                    served.computeIfAbsent(en.service(), k -> new ArrayList<>()).add(en.client());
                }
            }
            if (served.isEmpty()) {
                log.warn("node {} did not say which clients it serves ({}); none were handed to it from here", node, e.getMessage());
                return null;
            }
            return "node " + node + " did not answer (" + e.getMessage() + ") and was handed clients from here: " + describe(served);
        }
        return served.isEmpty() ? null : "node " + node + " serves clients: " + describe(served);
    }

    private static String describe(Map<String, List<InetAddress>> served) {
        List<String> parts = new ArrayList<>();
        served.forEach((s, cs) -> parts.add(s + " " + cs.stream().map(InetAddress::getHostAddress).toList()));
        return String.join("; ", parts);
    }

    /** The membership group looks for members at the nodes now known. */
    private void discover(DscoConfig c) {
        if (membership != null) {
            membership.setNodes(c.nodes());
        }
    }

    /** Tells every node of {@code c} but this one (and {@code skip}); returns "node (why)" for each that did not take it. */
    private List<String> tellOthers(DscoConfig c, GroupMessage m, String skip) {
        List<String> to = new ArrayList<>();
        for (String n : c.nodes().keySet()) {
            if (!n.equals(c.nodeName()) && !n.equals(skip)) {
                to.add(n);
            }
        }
        return tell(c, to, m);
    }

    private List<String> tell(DscoConfig c, List<String> nodes, GroupMessage m) {
        List<String> missed = new ArrayList<>();
        for (String n : nodes) {
            try {
                PeerMessage r = cluster.call(n, m, c.timeouts().prepare());
                if (!(r instanceof PeerMessage.Result res) || !res.ok()) {
                    missed.add(n + " (refused: " + (r instanceof PeerMessage.Result res2 ? res2.reason() : r) + ")");
                }
            } catch (IOException e) {
                missed.add(n + " (" + e.getMessage() + ")");
                log.warn("could not tell {} of {}: {}", n, m, e.getMessage());
            }
        }
        return missed;
    }
}
