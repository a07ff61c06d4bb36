package eu.xtreemos.ds.saga.examples;

import eu.xtreemos.xosaga.DistributedServer;
import eu.xtreemos.xosaga.DistributedServerFactory;
import eu.xtreemos.xosaga.DrainReport;
import eu.xtreemos.xosaga.GroupEvent;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.monitoring.Callback;
import org.ogf.saga.monitoring.Metric;
import org.ogf.saga.url.URLFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small "virtual node manager" on the SAGA API alone, as the Virtual Nodes service would manage a distributed
 * server: it watches the group's events on each node it manages (one {@code role=manager} object per node's dsco),
 * keeps for each node the last event it handled so that after reconnecting it resumes there (an events_lost event
 * says what it can no longer have), drains a node before that node is taken down, adds a fresh node, and moves the
 * contact node when told.
 *
 * <p>Usage: {@code VirtualNodeManager NODE=ds://[service-address]:port?role=manager&socket=/path/to/dsco.sock ...};
 * then commands on standard input, one per line: {@code drain NODE}, {@code contact NODE}, {@code reconnect NODE},
 * {@code add NODE ADDRESS URL}, {@code quit}. Every event is printed as {@code event NODE <event>}; each command's outcome as {@code ok ...} or
 * {@code error ...}.
 */
public final class VirtualNodeManager implements AutoCloseable {
    private static final String[] GROUP_METRICS = {
            DistributedServer.DISTRIBUTEDSERVER_NODEJOINED, DistributedServer.DISTRIBUTEDSERVER_NODELEFT,
            DistributedServer.DISTRIBUTEDSERVER_CONTACTCHANGED, DistributedServer.DISTRIBUTEDSERVER_GROUPCLIENTRECEIVED,
            DistributedServer.DISTRIBUTEDSERVER_GROUPCLIENTHANDEDOFF, DistributedServer.DISTRIBUTEDSERVER_GROUPHANDOFFFAILED,
            DistributedServer.DISTRIBUTEDSERVER_DRAINPROGRESS, DistributedServer.DISTRIBUTEDSERVER_EVENTSLOST};

    /** What the manager is told of each event; the default prints it. */
    public interface Listener {
        void event(String node, GroupEvent e);
    }

    private final Map<String, String> urls = new LinkedHashMap<>();
    private final Map<String, DistributedServer> objects = new LinkedHashMap<>();
    private final Map<String, GroupEvent> lastHandled = new LinkedHashMap<>();
    private final Map<String, List<GroupEvent>> handled = new LinkedHashMap<>();
    private final Listener listener;

    public VirtualNodeManager(Listener listener) {
        this.listener = listener;
    }

    /** Starts managing {@code node} through the dsco that {@code url} (with {@code role=manager}) names. */
    public synchronized void manage(String node, String url) throws SagaException {
        urls.put(node, url);
        handled.putIfAbsent(node, new ArrayList<>());
        connect(node);
    }

    private void connect(String node) throws SagaException {
        DistributedServer ds = DistributedServerFactory.createDistributedServer(URLFactory.createURL(urls.get(node)));
        Callback cb = (monitorable, metric, context) -> {
            try {
                onEvent(node, GroupEvent.parse(metric.getAttribute(Metric.VALUE)));
            } catch (SagaException e) {
                System.err.println("manager: reading an event of " + node + ": " + e.getMessage());
            }
            return true; // stay registered
        };
        for (String m : GROUP_METRICS) {
            ds.addCallback(m, cb);
        }
        GroupEvent last = lastHandled.get(node);
        if (last != null) { // reconnecting: go on after the last event handled
            ds.watchGroupEvents(last.epoch(), last.sequence());
        }
        objects.put(node, ds);
    }

    /** Delivery is at least once: an event already handled (same run, not newer) is skipped. */
    private synchronized void onEvent(String node, GroupEvent e) {
        GroupEvent last = lastHandled.get(node);
        if (last != null && last.epoch().equals(e.epoch()) && e.sequence() <= last.sequence()
                && !e.kind().equals(GroupEvent.EVENTS_LOST)) {
            return;
        }
        lastHandled.put(node, e);
        handled.get(node).add(e);
        listener.event(node, e);
    }

    /** Drops the connection to {@code node}'s dsco, as a manager that restarts or loses its link does. */
    public synchronized void disconnect(String node) {
        closeQuietly(objects.remove(node));
    }

    /** Connects to {@code node}'s dsco again, resuming after the last event handled. */
    public synchronized void reconnect(String node) throws SagaException {
        disconnect(node);
        connect(node);
    }

    /** Empties {@code node} before it is taken down: its clients go to the least-loaded other nodes. */
    public DrainReport drain(String node) throws SagaException {
        DistributedServer ds;
        synchronized (this) {
            ds = objects.get(node);
        }
        if (ds == null) {
            throw new IllegalArgumentException("node " + node + " is not managed here (managed: " + objects.keySet() + ")");
        }
        return ds.drain();
    }

    /**
     * Adds a fresh node to the group (its dsco already running, configured with every node) through any managed
     * node's dsco, and starts managing it through {@code url}.
     */
    public void addNode(String node, InetAddress address, String url) throws SagaException {
        DistributedServer ds;
        synchronized (this) {
            ds = objects.values().iterator().next();
        }
        ds.addNode(node, address);
        manage(node, url);
    }

    /** Makes {@code node} the contact node, through any managed node's dsco. */
    public void moveContact(String node) throws SagaException {
        DistributedServer ds;
        synchronized (this) {
            ds = objects.values().iterator().next();
        }
        ds.changeContactNode(node);
    }

    /** The events handled for {@code node}, in the order handled. */
    public synchronized List<GroupEvent> handled(String node) {
        return List.copyOf(handled.getOrDefault(node, List.of()));
    }

    @Override
    public synchronized void close() {
        objects.values().forEach(VirtualNodeManager::closeQuietly);
        objects.clear();
    }

    private static void closeQuietly(DistributedServer ds) {
        if (ds != null) {
            try {
                ds.close();
            } catch (SagaException e) {
                System.err.println("manager: closing " + ds + ": " + e.getMessage());
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help")) {
            System.err.println("usage: VirtualNodeManager NODE=ds://[service-address]:port?role=manager[&socket=PATH] ...");
            System.err.println("commands on stdin: drain NODE | contact NODE | reconnect NODE | add NODE ADDRESS URL | quit");
            System.exit(args.length == 0 ? 2 : 0);
        }
        try (VirtualNodeManager m = new VirtualNodeManager((node, e) -> {
            System.out.println("event " + node + " " + e);
            System.out.flush();
        })) {
            for (String a : args) {
                int eq = a.indexOf('=');
                if (eq < 1) {
                    System.err.println("'" + a + "' is not NODE=URL");
                    System.exit(2);
                }
                m.manage(a.substring(0, eq), a.substring(eq + 1));
            }
            System.out.println("ready");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null && !line.trim().equals("quit"); ) {
                String[] w = line.trim().split("\\s+");
                try {
                    switch (w[0]) {
                        case "drain" -> {
                            DrainReport r = m.drain(w[1]);
                            System.out.println("ok drained " + w[1] + ": " + r.moved() + " moved, " + r.stayed().size()
                                    + " stayed " + r.stayed());
                        }
                        case "contact" -> {
                            m.moveContact(w[1]);
                            System.out.println("ok contact " + w[1]);
                        }
                        case "add" -> {
                            m.addNode(w[1], InetAddress.getByName(w[2]), w[3]);
                            System.out.println("ok added " + w[1]);
                        }
                        case "reconnect" -> {
                            m.reconnect(w[1]);
                            System.out.println("ok reconnected " + w[1]);
                        }
                        default -> System.out.println("error unknown command '" + w[0] + "' (drain, contact, reconnect, add, quit)");
                    }
                } catch (SagaException | RuntimeException | java.io.IOException e) {
                    System.out.println("error " + line.trim() + ": " + e.getMessage());
                }
                System.out.flush();
            }
        }
    }
}
