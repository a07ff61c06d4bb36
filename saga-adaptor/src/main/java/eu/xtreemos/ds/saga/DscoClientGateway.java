package eu.xtreemos.ds.saga;

import eu.xtreemos.ds.dsco.api.HandoffTimings;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.ds.dsco.client.DscoException;
import eu.xtreemos.xosaga.DrainReport;
import eu.xtreemos.xosaga.GroupEvent;
import eu.xtreemos.xosaga.Node;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * {@link DscoGateway} over {@link DscoClient}: one connection for queries, one per handoff (so handoffs of
 * different clients do not wait for each other) and one for receiving, re-registered if dsco restarts.
 */
final class DscoClientGateway implements DscoGateway {
    private static final Logger LOG = System.getLogger(DscoClientGateway.class.getName());
    /** How long a handoff whose dsco went away waits for it to come back (systemd restarts it within seconds). */
    static final Duration RECOVERY_PATIENCE = Duration.ofSeconds(60);
    private static final Duration RECOVERY_INTERVAL = Duration.ofMillis(200);

    private final Path socket;
    private final DscoClient queries;

    private DscoClientGateway(Path socket, DscoClient queries) {
        this.socket = socket;
        this.queries = queries;
    }

    static DscoClientGateway connect(Path socket) throws IOException {
        return new DscoClientGateway(socket, DscoClient.connect(socket));
    }

    @Override
    public String localNode() throws IOException {
        return queries.hello().get("node");
    }

    @Override
    public List<Node> nodes() throws IOException {
        List<Node> out = new ArrayList<>();
        for (DscoClient.Node n : queries.allNodes()) {
            out.add(new Node(n.name(), n.address(), n.role()));
        }
        return out;
    }

    @Override
    public List<Service> services() throws IOException {
        List<Service> out = new ArrayList<>();
        for (DscoClient.Service s : queries.services()) {
            out.add(new Service(s.id(), s.addresses(), s.ports(), s.protectedService()));
        }
        return out;
    }

    @Override
    public Closeable receive(String service, Events events) throws IOException {
        DscoClient.ReceiveHandler handler = new DscoClient.ReceiveHandler() {
            @Override
            public void received(DscoClient.Received r) throws Exception {
                events.received(r.client(), r.channels(), r.appState());
            }

            @Override
            public void handoffRequested(String s, InetAddress client, String node) throws Exception {
                events.handoffRequested(client, node);
            }
        };
        ReceiverLoop loop = new ReceiverLoop(socket, service, handler, DscoClient.receive(socket, service, handler));
        Thread t = new Thread(loop, "ds-receiver-" + service);
        t.setDaemon(true);
        t.start();
        return loop;
    }

    /** Runs a receiver; if dsco goes away, registers again until closed. */
    private static final class ReceiverLoop implements Runnable, Closeable {
        private final Path socket;
        private final String service;
        private final DscoClient.ReceiveHandler handler;
        private volatile DscoClient.Receiver receiver;
        private volatile boolean closed;

        ReceiverLoop(Path socket, String service, DscoClient.ReceiveHandler handler, DscoClient.Receiver first) {
            this.socket = socket;
            this.service = service;
            this.handler = handler;
            this.receiver = first;
        }

        @Override
        public void run() {
            while (!closed) {
                try {
                    receiver.run();
                } catch (IOException e) {
                    if (!closed) {
                        LOG.log(Level.WARNING, "receiving clients of " + service + ": " + e.getMessage());
                    }
                }
                while (!closed) {
                    try {
                        Thread.sleep(200);
                        receiver = DscoClient.receive(socket, service, handler);
                        break;
                    } catch (IOException e) {
                        // dsco not back yet
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        @Override
        public void close() {
            closed = true;
            receiver.close();
        }
    }

    @Override
    public HandoffTimings donate(String service, InetAddress client, String node, List<SocketChannel> channels,
                                    byte[] state) throws IOException {
        DscoClient donor = DscoClient.connect(socket); // dsco not reachable: nothing was asked, nothing to recover
        try (donor) {
            return donor.donate(service, client, node, channels, state);
        } catch (DscoException e) {
            throw e; // dsco answered: whatever it had done is undone, the connections are live here
        } catch (IOException e) {
            String who = "handoff of " + client.getHostAddress() + " to " + node;
            LOG.log(Level.WARNING, who + ": dsco went away during the handoff (" + e.getMessage() + "); asking the restarted dsco");
            boolean handedOff = CrashRecovery.await(() -> {
                try (DscoClient again = DscoClient.connect(socket)) {
                    return again.recover(service, client, channels);
                }
            }, RECOVERY_PATIENCE, RECOVERY_INTERVAL, who, e);
            if (!handedOff) {
                throw new IOException("dsco went away during the handoff (" + e.getMessage() + "); the restarted dsco took"
                        + " the client back: its connections are live here again", e);
            }
            return HandoffTimings.NONE;
        }
    }

    /**
     * Idle connections for checkpoints, kept for the next: a protected client is checkpointed after every event, and
     * each checkpoint in flight has its own connection, so different clients' checkpoints do not wait for each other.
     */
    private final ConcurrentLinkedDeque<DscoClient> checkpointers = new ConcurrentLinkedDeque<>();
    private static final int IDLE_CHECKPOINTERS = 4;
    private volatile boolean closed;

    @Override
    public long checkpoint(String service, InetAddress client, List<SocketChannel> channels, byte[] state) throws IOException {
        DscoClient c = checkpointers.pollFirst();
        if (c != null) {
            try {
                return checkpoint(c, service, client, channels, state);
            } catch (DscoException e) {
                throw e;
            } catch (IOException e) {
                // The kept connection broke (dsco restarted): once more on a new one. A repeated checkpoint is harmless.
            }
        }
        return checkpoint(DscoClient.connect(socket), service, client, channels, state);
    }

    /** One checkpoint on {@code c}, which is kept afterwards if dsco answered (success or refusal). */
    private long checkpoint(DscoClient c, String service, InetAddress client, List<SocketChannel> channels, byte[] state)
            throws IOException {
        boolean answered = false;
        try {
            long n = c.checkpoint(service, client, channels, state);
            answered = true;
            return n;
        } catch (DscoException e) {
            answered = true;
            throw e;
        } finally {
            if (answered && !closed && checkpointers.size() < IDLE_CHECKPOINTERS) {
                checkpointers.addFirst(c);
                if (closed && checkpointers.remove(c)) {
                    c.close();
                }
            } else {
                c.close();
            }
        }
    }

    @Override
    public void changeContact(String service, String node) throws IOException {
        queries.changeContact(service, node);
    }

    private volatile DscoClient eventReader; // its own connection: a reader waits in EVENTS for up to a minute

    @Override
    public synchronized EventBatch events(String epoch, long after, int waitMillis) throws IOException {
        if (eventReader == null) {
            eventReader = DscoClient.connect(socket);
        }
        eu.xtreemos.ds.dsco.api.GroupEvent.Batch b;
        try {
            b = eventReader.events(epoch, after, waitMillis);
        } catch (DscoException e) {
            throw e;
        } catch (IOException e) { // the connection broke (dsco restarting): the next call connects again
            eventReader.close();
            eventReader = null;
            throw e;
        }
        List<GroupEvent> out = new ArrayList<>();
        for (eu.xtreemos.ds.dsco.api.GroupEvent e : b.events()) {
            out.add(new GroupEvent(e.epoch(), e.sequence(), e.timeMillis(), e.kind().label(), e.service(), e.client(), e.node(),
                    e.detail()));
        }
        return new EventBatch(b.epoch(), b.last(), out);
    }

    @Override
    public DrainReport drain(String service) throws IOException {
        try (DscoClient c = DscoClient.connect(socket)) { // its own connection: a drain takes a while
            DscoClient.DrainReport r = c.drain(service);
            return new DrainReport(r.moved(), r.stayed());
        }
    }

    @Override
    public void resumeAfterDrain() throws IOException {
        queries.resumeAfterDrain();
    }

    @Override
    public void addNode(String node, InetAddress address) throws IOException {
        queries.addNode(node, address);
    }

    @Override
    public void removeNode(String node) throws IOException {
        queries.removeNode(node);
    }

    @Override
    public void setSuccessors(List<String> nodes) throws IOException {
        queries.setSuccessors(nodes);
    }

    @Override
    public Map<String, Integer> clientCounts(String service) throws IOException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Node n : nodes()) {
            counts.put(n.name(), 0);
        }
        for (DscoClient.ClientInfo c : queries.listClients(service)) {
            counts.merge(c.node(), 1, Integer::sum);
        }
        return counts;
    }

    @Override
    public void close() {
        closed = true;
        for (DscoClient c; (c = checkpointers.pollFirst()) != null; ) {
            c.close();
        }
        queries.close();
        DscoClient r = eventReader; // not under the lock: a reader may be waiting in EVENTS
        if (r != null) {
            r.close();
        }
    }
}
