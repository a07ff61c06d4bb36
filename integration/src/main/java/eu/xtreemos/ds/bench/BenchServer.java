package eu.xtreemos.ds.bench;

import eu.xtreemos.ds.demo.StreamService;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.ds.dsco.client.DscoException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The benchmark's server application on one node (unprivileged): the demo's stream service, handing
 * clients off when an operator asks, several at a time. Unlike the demo server it does not block its
 * receive thread during a donation, and it donates over a few dsco connections opened once at start
 * (no connection set-up per handoff). stdin commands: {@code positions}, {@code errors},
 * {@code stop-writing}, {@code start-writing}, {@code burst N} (write N more bytes on each connection just before detaching it,
 * so they are in the send queue at the handoff), {@code quit}.
 */
@Command(name = "ds-bench-server", mixinStandardHelpOptions = true,
        description = "The benchmark's stream service on one node: hands clients off through dsco, several at once.")
public final class BenchServer implements Callable<Integer> {
    @Option(names = "--socket", required = true, description = "dsco's API socket.")
    Path socket;
    @Option(names = "--service", defaultValue = "demo", description = "Service id (default: ${DEFAULT-VALUE}).")
    String service;
    @Option(names = "--port", defaultValue = "7000", description = "Service port (default: ${DEFAULT-VALUE}).")
    int port;
    @Option(names = "--rate", defaultValue = "1000000", description = "Bytes per second on each busy connection (default: ${DEFAULT-VALUE}).")
    long rate;
    @Option(names = "--donors", defaultValue = "16", description = "Donations in parallel, each on its own dsco connection (default: ${DEFAULT-VALUE}).")
    int donors;

    private volatile int burst;

    @Override
    public Integer call() throws Exception {
        String node;
        List<InetAddress> addresses;
        try (DscoClient dsco = DscoClient.connect(socket)) {
            node = dsco.hello().get("node");
            addresses = dsco.anycastAddresses(service);
        }
        StreamService svc = StreamService.start(node, addresses.stream().map(a -> new InetSocketAddress(a, port)).toList(), rate);
        BlockingQueue<DscoClient> links = new ArrayBlockingQueue<>(donors);
        for (int i = 0; i < donors; i++) {
            links.add(DscoClient.connect(socket));
        }
        ExecutorService pool = Executors.newFixedThreadPool(donors, r -> {
            Thread t = new Thread(r, "donor");
            t.setDaemon(true);
            return t;
        });
        DscoClient.ReceiveHandler handler = new DscoClient.ReceiveHandler() {
            @Override
            public void received(DscoClient.Received r) throws Exception {
                svc.adopt(r.client(), r.channels(), r.appState());
            }

            @Override
            public void handoffRequested(String s, InetAddress client, String to) {
                pool.execute(() -> donate(svc, links, s, client, to));
            }
        };
        DscoClient.Receiver receiver = DscoClient.receive(socket, service, handler);
        Thread t = new Thread(() -> {
            try {
                receiver.run();
            } catch (IOException e) {
                System.err.println("receiver: " + e.getMessage());
            }
        }, "dsco-receiver");
        t.setDaemon(true);
        t.start();
        System.out.println("ready " + node + " " + addresses.get(0).getHostAddress() + " " + port);
        System.out.flush();

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] w = line.trim().split("\\s+");
            switch (w[0]) {
                case "positions" -> System.out.println("positions " + svc.positions().entrySet().stream()
                        .map(e -> e.getKey() + ":" + e.getValue()[0] + ":" + e.getValue()[1]).collect(Collectors.joining(" ")));
                case "errors" -> System.out.println("errors " + String.join(" | ", svc.errors()));
                case "stop-writing" -> {
                    svc.stopWriting();
                    System.out.println("ok");
                }
                case "start-writing" -> {
                    svc.startWriting();
                    System.out.println("ok");
                }
                case "burst" -> {
                    burst = Integer.parseInt(w[1]);
                    System.out.println("ok");
                }
                case "quit" -> {
                    receiver.close();
                    svc.close();
                    links.forEach(DscoClient::close);
                    return 0;
                }
                default -> System.out.println("unknown command " + line);
            }
            System.out.flush();
        }
        return 0;
    }

    private void donate(StreamService svc, BlockingQueue<DscoClient> links, String s, InetAddress client, String to) {
        StreamService.Detached d;
        try {
            d = svc.detach(client, burst).get();
        } catch (Exception e) {
            System.err.println("detaching " + client.getHostAddress() + ": " + e);
            return;
        }
        DscoClient link;
        try {
            link = links.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            svc.reattach(d);
            return;
        }
        try {
            link.donate(s, client, to, d.channels(), d.appState());
            svc.forget(d.conns());
            closeQuietly(d);
        } catch (DscoException e) {
            svc.reattach(d);
            System.err.println("handoff of " + client.getHostAddress() + " to " + to + " failed: " + e.getMessage());
        } catch (IOException e) {
            System.err.println("dsco went away during the handoff of " + client.getHostAddress() + ": " + e.getMessage());
            svc.reattach(d);
        } finally {
            links.add(link);
        }
    }

    /** The donor's copies of handed-off sockets: frozen, so closing them sends nothing. */
    private static void closeQuietly(StreamService.Detached d) {
        for (var ch : d.channels()) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchServer()).execute(args));
    }
}
