package eu.xtreemos.ds.soak;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.demo.StreamCheck;
import eu.xtreemos.ds.demo.StreamClient;
import eu.xtreemos.ds.testbed.NamespaceTestbed;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a client's connections live, seen two ways: which node's application serves its streams, and on
 * which node the kernel holds each of its TCP connections established. A healthy client lives on exactly
 * one node in both views, and on no other node in either.
 */
final class Placement {
    /** The node the client lives on, or null and what is wrong. */
    record Where(String node, String problem) {
    }

    private final NamespaceTestbed tb;
    private final DscoCluster cluster;
    private final StreamClient client;
    private final InetAddress clientAddress;
    private final List<Integer> ports;
    private final int servicePort;

    Placement(NamespaceTestbed tb, DscoCluster cluster, StreamClient client, InetAddress clientAddress, List<Integer> ports,
              int servicePort) {
        this.tb = tb;
        this.cluster = cluster;
        this.client = client;
        this.clientAddress = clientAddress;
        this.ports = List.copyOf(ports);
        this.servicePort = servicePort;
    }

    /**
     * Waits until the client lives on exactly one node and returns it. A handoff or a recovery moves it
     * through moments of none or two (the receiving application takes over before the donor lets go), so
     * only a state that lasts the whole {@code wait} is reported as a problem.
     */
    Where settle(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Where w;
        while ((w = look()).node() == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return w;
    }

    Where look() {
        List<String> servingApps = new ArrayList<>();
        List<String> touchingApps = new ArrayList<>();
        List<String> holdingKernels = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (String node : tb.serverNodes()) {
            Map<Integer, long[]> pos = StreamCheck.positions(cluster.app(node));
            int served = 0;
            for (int k = 0; k < client.connections(); k++) {
                if (pos.containsKey(client.connId(k))) {
                    served++;
                }
            }
            if (served == client.connections()) {
                servingApps.add(node);
            } else if (served > 0) {
                touchingApps.add(node + " (" + served + " of " + client.connections() + ")");
            }
            Set<Integer> here = establishedPorts(node);
            if (!here.isEmpty()) {
                holdingKernels.add(node + " " + here.size() + "/" + ports.size());
            }
            for (int p : here) {
                if (!seen.add(p)) {
                    duplicates.add(p + " also on " + node);
                }
            }
        }
        String node = servingApps.size() == 1 ? servingApps.get(0) : null;
        boolean kernelAgrees = node != null && touchingApps.isEmpty() && duplicates.isEmpty() && seen.containsAll(ports)
                && establishedPorts(node).containsAll(ports);
        if (kernelAgrees) {
            return new Where(node, null);
        }
        return new Where(null, String.format("applications serving all streams: %s, some: %s; kernels holding its connections: %s%s%s",
                servingApps, touchingApps, holdingKernels, duplicates.isEmpty() ? "" : "; on two nodes: " + duplicates,
                seen.containsAll(ports) ? "" : "; on no node: " + missing(seen)));
    }

    private List<Integer> missing(Set<Integer> seen) {
        List<Integer> m = new ArrayList<>(ports);
        m.removeAll(seen);
        return m;
    }

    /** The client's ports with an established connection to the service port in the node's kernel. */
    private Set<Integer> establishedPorts(String node) {
        Set<Integer> out = new HashSet<>();
        String ss;
        try {
            ss = tb.exec(node, "ss", "-Htn", "state", "established", "( sport = :" + servicePort + " )");
        } catch (RuntimeException e) {
            return out;
        }
        String want = clientAddress.getHostAddress().replaceFirst("%.*$", "");
        for (String line : ss.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4) {
                continue;
            }
            String peer = f[f.length - 1];
            int colon = peer.lastIndexOf(':');
            String host = peer.substring(0, colon).replace("[", "").replace("]", "");
            try {
                if (InetAddress.getByName(host).equals(InetAddress.getByName(want))) {
                    int port = Integer.parseInt(peer.substring(colon + 1));
                    if (ports.contains(port)) {
                        out.add(port);
                    }
                }
            } catch (java.net.UnknownHostException | NumberFormatException e) {
                // not one of ours
            }
        }
        return out;
    }
}
