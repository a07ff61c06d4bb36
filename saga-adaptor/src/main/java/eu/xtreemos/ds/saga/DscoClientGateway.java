package eu.xtreemos.ds.saga;

import eu.xtreemos.ds.dsco.api.HandoffTimings;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.xosaga.Node;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link DscoGateway} over {@link DscoClient}: one connection for queries, one per handoff (so handoffs of
 * different clients do not wait for each other) and one for receiving, re-registered if dsco restarts.
 */
final class DscoClientGateway implements DscoGateway {
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
            out.add(new Service(s.id(), s.addresses(), s.ports()));
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
                        System.err.println("ds adaptor: receiving clients of " + service + ": " + e.getMessage());
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
        try (DscoClient donor = DscoClient.connect(socket)) {
            return donor.donate(service, client, node, channels, state);
        }
    }

    @Override
    public void changeContact(String service, String node) throws IOException {
        queries.changeContact(service, node);
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
        queries.close();
    }
}
