package eu.xtreemos.ds.saga.examples;

import eu.xtreemos.xosaga.DistributedServer;
import eu.xtreemos.xosaga.DistributedServerFactory;
import eu.xtreemos.xosaga.DistributedServerClient;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.stream.StreamInputStream;
import org.ogf.saga.stream.StreamOutputStream;
import org.ogf.saga.url.URLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A load balancer on a distributed server: every node runs it. A new client reaches the contact node,
 * which hands it, before reading a byte, to the node serving the fewest clients (itself if that is the
 * contact). Each node then serves its clients: every line is answered with {@code NODE: line}.
 *
 * <p>Usage: {@code LoadBalancer ds://[service-address]:port[?socket=/path/to/dsco.sock]}. Prints
 * {@code ready NODE} when serving.
 */
public final class LoadBalancer {
    private final DistributedServer server;
    private final String node;

    private LoadBalancer(DistributedServer server) throws SagaException {
        this.server = server;
        this.node = server.getLocalNode().name();
    }

    /** The node with the fewest clients; this node's count leaves out the new client, other nodes win ties. */
    private String leastLoaded(Map<String, Integer> counts) {
        String best = node;
        int bestLoad = Math.max(0, counts.getOrDefault(node, 1) - 1);
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (!e.getKey().equals(node) && e.getValue() <= bestLoad) {
                best = e.getKey();
                bestLoad = e.getValue();
            }
        }
        return best;
    }

    private void echo(Stream s) {
        Thread t = new Thread(() -> {
            try {
                StreamInputStream in = s.getInputStream();
                StreamOutputStream out = s.getOutputStream();
                StringBuilder line = new StringBuilder();
                for (int c; (c = in.read()) >= 0; ) {
                    if (c == '\n') {
                        out.write((node + ": " + line + "\n").getBytes(StandardCharsets.UTF_8));
                        line.setLength(0);
                    } else {
                        line.append((char) c);
                    }
                }
                s.close();
            } catch (IOException | SagaException e) {
                System.err.println("echo: " + e.getMessage());
            }
        }, "echo");
        t.setDaemon(true);
        t.start();
    }

    private void run() throws Exception {
        server.setReceiveHandler((ds, client) -> client.getStreams().forEach(this::echo));
        System.out.println("ready " + node);
        System.out.flush();
        while (true) {
            Stream s = server.serve();
            DistributedServerClient client = server.getClient(s);
            String target = leastLoaded(server.getClientCounts());
            if (target.equals(node)) {
                echo(s);
                continue;
            }
            try {
                server.handoff(client, target, new byte[0]);
                System.err.println("client " + client.getAddress().getHostAddress() + " -> " + target);
            } catch (SagaException e) {
                System.err.println("handoff to " + target + " failed, serving here: " + e.getMessage());
                echo(s);
            }
        }
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: LoadBalancer ds://[service-address]:port[?socket=/path/to/dsco.sock]");
            System.exit(2);
        }
        try (DistributedServer server = DistributedServerFactory.createDistributedServer(URLFactory.createURL(args[0]))) {
            new LoadBalancer(server).run();
        } catch (SagaException e) {
            System.out.println("error " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(3);
        } catch (Exception e) {
            System.out.println("error " + e);
            System.exit(1);
        }
    }
}
