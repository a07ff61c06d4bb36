package eu.xtreemos.ds.saga;

import eu.xtreemos.ds.dsco.api.HandoffTimings;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.client.DscoException;
import eu.xtreemos.xosaga.DrainReport;
import eu.xtreemos.xosaga.GroupEvent;
import eu.xtreemos.xosaga.Node;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * dsco for two in-process "nodes" on loopback: node a serves the service on ::1, node b on 127.0.0.1 (same
 * port); a handoff passes the live channels from one server to the other within the process.
 */
final class FakeDsco {
    static final String SERVICE = "demo";
    final int port;
    final Map<String, DscoGateway.Events> receivers = new ConcurrentHashMap<>();
    volatile String refuseWith;

    /** Whether LIST_SERVICES marks the service protected. */
    volatile boolean protectedService;

    /** A CHECKPOINT as this fake took it: the node that asked, the client, its channels' remote ports, the state. */
    record Checkpoint(String node, InetAddress client, List<Integer> ports, byte[] state, long number, long nanos) {
        boolean ended() {
            return ports.isEmpty();
        }
    }

    /** Runs inside each CHECKPOINT, with the channels (a test checks what happens meanwhile, or throws to refuse). */
    interface CheckpointHook {
        void during(InetAddress client, List<SocketChannel> channels) throws IOException;
    }

    final List<Checkpoint> checkpoints = new CopyOnWriteArrayList<>();
    /** The application state of every DONATE, in order. */
    final List<byte[]> donations = new CopyOnWriteArrayList<>();
    volatile CheckpointHook onCheckpoint = (client, channels) -> { };
    private final AtomicLong checkpointNumbers = new AtomicLong();

    /** The checkpoints of {@code client}, oldest first. */
    List<Checkpoint> checkpointsOf(InetAddress client) {
        return checkpoints.stream().filter(c -> c.client().equals(client)).toList();
    }

    /** The group events this fake's dsco noted, of one run ({@link #epoch}); a test adds them with {@link #note}. */
    final List<GroupEvent> groupEvents = new ArrayList<>();
    volatile String epoch = "run1";

    FakeDsco(int port) {
        this.port = port;
    }

    synchronized void note(String kind, String node) {
        groupEvents.add(new GroupEvent(epoch, groupEvents.size() + 1, System.currentTimeMillis(), kind, null, null, node, ""));
        notifyAll();
    }

    /** As dsco's event log answers: the events after {@code after}, or a loss notice for a reader of another run. */
    synchronized DscoGateway.EventBatch events(String readerEpoch, long after, int waitMillis) throws IOException {
        List<GroupEvent> out = new ArrayList<>();
        if (readerEpoch != null && !readerEpoch.equals(epoch)) {
            out.add(new GroupEvent(epoch, 0, 0, GroupEvent.EVENTS_LOST, null, null, null, "run " + readerEpoch + " is gone"));
            after = 0;
        }
        long deadline = System.currentTimeMillis() + waitMillis;
        while (out.isEmpty() && groupEvents.size() <= after && System.currentTimeMillis() < deadline) {
            try {
                wait(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }
        for (GroupEvent e : groupEvents) {
            if (e.sequence() > after) {
                out.add(e);
            }
        }
        return new DscoGateway.EventBatch(epoch, groupEvents.size(), out);
    }

    DscoGateway node(String name) {
        return new DscoGateway() {
            @Override
            public String localNode() throws IOException {
                if (refuseWith != null) {
                    throw new DscoException(Status.DENIED, refuseWith);
                }
                return name;
            }

            @Override
            public List<Node> nodes() throws IOException {
                return List.of(new Node("a", InetAddress.getByName("::1"), "contact"),
                        new Node("b", InetAddress.getByName("127.0.0.1"), "server"));
            }

            @Override
            public List<Service> services() throws IOException {
                return List.of(new Service(SERVICE, List.of(InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1")), List.of(port),
                        protectedService));
            }

            @Override
            public Closeable receive(String service, Events events) {
                receivers.put(name, events);
                return () -> receivers.remove(name, events);
            }

            @Override
            public HandoffTimings donate(String service, InetAddress client, String node, List<SocketChannel> channels,
                                            byte[] state) throws IOException {
                DscoGateway.Events target = receivers.get(node);
                if (target == null) {
                    throw new DscoException(Status.FAILED, "no node " + node);
                }
                donations.add(state.clone());
                try {
                    target.received(client, channels, state);
                } catch (Exception e) {
                    throw new IOException(e);
                }
                return HandoffTimings.NONE;
            }

            @Override
            public long checkpoint(String service, InetAddress client, List<SocketChannel> channels, byte[] state) throws IOException {
                if (!protectedService) {
                    throw new DscoException(Status.BAD_REQUEST, "service " + service + " is not protected");
                }
                List<Integer> ports = new ArrayList<>();
                for (SocketChannel ch : channels) {
                    if (!ch.isOpen()) {
                        throw new DscoException(Status.BAD_REQUEST, "a closed socket");
                    }
                    ports.add(((java.net.InetSocketAddress) ch.getRemoteAddress()).getPort());
                }
                onCheckpoint.during(client, channels);
                long n = checkpointNumbers.incrementAndGet();
                checkpoints.add(new Checkpoint(name, client, ports, state.clone(), n, System.nanoTime()));
                return n;
            }

            @Override
            public void changeContact(String service, String node) throws IOException {
                throw new DscoException(Status.DENIED, "CHANGE_CONTACT needs root or the admin group");
            }

            @Override
            public EventBatch events(String epoch, long after, int waitMillis) throws IOException {
                return FakeDsco.this.events(epoch, after, waitMillis);
            }

            @Override
            public DrainReport drain(String service) throws IOException {
                throw new DscoException(Status.DENIED, "DRAIN needs root or the admin group");
            }

            @Override
            public void resumeAfterDrain() throws IOException {
                throw new DscoException(Status.DENIED, "DRAIN needs root or the admin group");
            }

            @Override
            public void addNode(String node, InetAddress address) throws IOException {
                throw new DscoException(Status.DENIED, "ADD_NODE needs root or the admin group");
            }

            @Override
            public void removeNode(String node) throws IOException {
                throw new DscoException(Status.BAD_REQUEST, "unknown node '" + node + "' (known: [a, b])");
            }

            @Override
            public void setSuccessors(List<String> nodes) throws IOException {
                throw new DscoException(Status.FAILED, "successors set here, but not told to b (Connection refused)");
            }

            @Override
            public Map<String, Integer> clientCounts(String service) {
                return Map.of("a", 0, "b", 0);
            }

            @Override
            public void close() {
            }
        };
    }
}
