package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.config.ConfigLoader;
import eu.xtreemos.ds.dsco.config.DscoConfig;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of changing the group of nodes at run time, without side effects: what is a valid new node, and what
 * the node list and the successor order become. Every change is idempotent (applied twice it gives what applied
 * once gave), because the node that makes it tells the others, and may tell one twice when an answer was lost.
 */
final class GroupChanges {
    private GroupChanges() {
    }

    /** Why {@code node} at {@code address} cannot join a group that has {@code nodes}, or null if it can. */
    static String addProblem(Map<String, InetAddress> nodes, String node, InetAddress address) {
        if (!ConfigLoader.isNodeName(node)) {
            return "node name '" + node + "' must be 1-32 characters a-z, 0-9 and '-', starting with a letter";
        }
        if (!(address instanceof Inet6Address)) {
            return "the address of node " + node + " must be IPv6, not " + address.getHostAddress();
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress() || address.isLoopbackAddress()) {
            return "the address of node " + node + " must be a node's own unicast address, not " + address.getHostAddress();
        }
        InetAddress known = nodes.get(node);
        if (known != null && !known.equals(address)) {
            return "node " + node + " is known already, at " + known.getHostAddress() + ", not " + address.getHostAddress()
                    + " (remove it first to change its address)";
        }
        for (Map.Entry<String, InetAddress> e : nodes.entrySet()) {
            if (!e.getKey().equals(node) && e.getValue().equals(address)) {
                return "address " + address.getHostAddress() + " is node " + e.getKey() + "'s already";
            }
        }
        return null;
    }

    /** The configuration with {@code node} added last (unchanged if it is there already); call {@link #addProblem} first. */
    static DscoConfig withNode(DscoConfig c, String node, InetAddress address) {
        String problem = addProblem(c.nodes(), node, address);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (c.nodes().containsKey(node)) {
            return c;
        }
        Map<String, InetAddress> n = new LinkedHashMap<>(c.nodes());
        n.put(node, address);
        return c.withNodes(Collections.unmodifiableMap(n));
    }

    /** The configuration without {@code node} (unchanged if it is not there). */
    static DscoConfig withoutNode(DscoConfig c, String node) {
        if (!c.nodes().containsKey(node)) {
            return c;
        }
        if (node.equals(c.nodeName()) || node.equals(c.contact())) {
            throw new IllegalArgumentException(node + " is " + (node.equals(c.nodeName()) ? "this node" : "the contact node"));
        }
        Map<String, InetAddress> n = new LinkedHashMap<>(c.nodes());
        n.remove(node);
        return c.withNodes(Collections.unmodifiableMap(n));
    }

    /** Why {@code successors} is not a valid successor order for {@code nodes}, or null if it is. */
    static String successorsProblem(Set<String> nodes, List<String> successors) {
        Set<String> seen = new HashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String s : successors) {
            if (!nodes.contains(s)) {
                unknown.add(s);
            } else if (!seen.add(s)) {
                return "node " + s + " is named twice";
            }
        }
        return unknown.isEmpty() ? null : "unknown node" + (unknown.size() > 1 ? "s " : " ") + unknown + " (known: " + nodes + ")";
    }

    /**
     * The order in which nodes succeed the contact node: the successors named, then every other node in the
     * configured order. Names no longer in {@code nodes} are skipped.
     */
    static List<String> successorOrder(Set<String> nodes, List<String> successors) {
        List<String> out = new ArrayList<>(nodes.size());
        for (String s : successors) {
            if (nodes.contains(s) && !out.contains(s)) {
                out.add(s);
            }
        }
        for (String n : nodes) {
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** {@code successors} without {@code node}. */
    static List<String> withoutSuccessor(List<String> successors, String node) {
        List<String> out = new ArrayList<>(successors);
        out.remove(node);
        return List.copyOf(out);
    }
}
