package eu.xtreemos.ds.demo;

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
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * The stream service of {@link eu.xtreemos.ds.saga.examples.StreamDemoServer} written directly on dsco's own client
 * library ({@link DscoClient}) instead of the SAGA API, run as an unprivileged user. The end-to-end tests of dsco
 * itself run it on every node ({@link eu.xtreemos.ds.cluster.DscoCluster}'s default application), because it also
 * does what the SAGA adaptor does not: it listens on the service's IPv4 address too, and after dsco died in the
 * middle of a handoff it passes the sockets again (RECOVER). Same byte pattern, same stdin commands (positions,
 * errors, gaps, stop-writing, quit — also on a control socket, for a service without a terminal), so the same
 * checks apply. The demo ({@code bin/ds-demo}) runs the SAGA one.
 */
@Command(name = "ds-dsco-stream-server", mixinStandardHelpOptions = true,
        description = "The stream service on one node, using dsco's client library for every handoff (no root needed).")
public final class DscoStreamServer implements Callable<Integer> {
    @Option(names = "--socket", required = true, description = "dsco's API socket.")
    Path socket;
    @Option(names = "--service", defaultValue = "demo", description = "Service id (default: ${DEFAULT-VALUE}).")
    String service;
    @Option(names = "--port", defaultValue = "7000", description = "Service port (default: ${DEFAULT-VALUE}).")
    int port;
    @Option(names = "--rate", defaultValue = "2000000", description = "Bytes per second per connection (default: ${DEFAULT-VALUE}).")
    long rate;
    @Option(names = "--control", description = "Also take the commands on this UNIX socket (one connection at a time), and keep running when stdin ends: for a service without a terminal.")
    Path control;

    private final java.util.concurrent.CountDownLatch quit = new java.util.concurrent.CountDownLatch(1);

    private volatile DscoClient.Receiver receiver;
    private volatile boolean quitting;

    private void recoverAfterCrash(String s, InetAddress client, StreamService.Detached d) throws InterruptedException {
        StreamService svc = stream;
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            try (DscoClient c = DscoClient.connect(socket)) {
                if (c.recover(s, client, d.channels())) {
                    svc.forget(d.conns());
                    System.err.println("recovered: " + client.getHostAddress() + " had been handed off");
                } else {
                    svc.reattach(d);
                    System.err.println("recovered: " + client.getHostAddress() + " is live here again");
                }
                return;
            } catch (IOException e) {
                // dsco not back yet
            }
        }
        System.err.println("gave up recovering " + client.getHostAddress());
    }

    private volatile StreamService stream;

    /** Serves as the service's receiver; if dsco restarts, registers again with the new one. */
    private void receiveForever(DscoClient.ReceiveHandler handler) {
        while (!quitting) {
            try {
                receiver.run();
            } catch (IOException e) {
                System.err.println("receiver: " + e.getMessage());
            }
            while (!quitting) {
                try {
                    Thread.sleep(200);
                    receiver = DscoClient.receive(socket, service, handler);
                    System.err.println("registered again with dsco");
                    break;
                } catch (IOException | InterruptedException e) {
                    // dsco not back yet
                }
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        String node;
        List<InetAddress> addresses;
        try (DscoClient dsco = DscoClient.connect(socket)) {
            node = dsco.hello().get("node");
            addresses = dsco.anycastAddresses(service); // IPv6, and IPv4 if the service has it
        }
        InetAddress address = addresses.get(0);
        StreamService svc = StreamService.start(node, addresses.stream().map(a -> new InetSocketAddress(a, port)).toList(), rate);
        stream = svc;
        DscoClient.ReceiveHandler handler = new DscoClient.ReceiveHandler() {
            @Override
            public void received(DscoClient.Received r) throws Exception {
                svc.adopt(r.client(), r.channels(), r.appState());
            }

            @Override
            public void handoffRequested(String s, InetAddress client, String to) throws Exception {
                StreamService.Detached d = svc.detach(client).get();
                List<SocketChannel> channels = d.channels();
                try (DscoClient donor = DscoClient.connect(socket)) {
                    donor.donate(s, client, to, channels, d.appState());
                    svc.forget(d.conns());
                } catch (DscoException e) {
                    svc.reattach(d); // dsco re-activated the connections here (or never froze them)
                    System.err.println("handoff of " + client.getHostAddress() + " to " + to + " failed: " + e.getMessage());
                } catch (IOException e) {
                    // No answer: dsco died mid-handoff. Ask the restarted one what became of the client.
                    System.err.println("dsco went away during the handoff of " + client.getHostAddress() + ": " + e.getMessage());
                    recoverAfterCrash(s, client, d);
                }
            }
        };
        receiver = DscoClient.receive(socket, service, handler);
        Thread t = new Thread(() -> receiveForever(handler), "dsco-receiver");
        t.setDaemon(true);
        t.start();
        if (control != null) {
            ControlSocket.serve(control, this::answer);
        }
        System.out.println("ready " + node + " " + address.getHostAddress() + " " + port);
        System.out.flush();

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String answer = answer(line);
            if (answer == null) {
                return 0;
            }
            System.out.println(answer);
            System.out.flush();
        }
        if (control != null) {
            // A service (systemd) has no stdin: keep serving until "quit" on the control socket or a signal.
            quit.await();
        }
        return 0;
    }

    /** One command line's answer; null after "quit" (the service is closed then). */
    private synchronized String answer(String line) throws Exception {
        StreamService svc = stream;
        String[] words = line.trim().split("\\s+");
        switch (words[0]) {
            case "positions" -> {
                Map<Integer, long[]> p = svc.positions();
                return "positions " + p.entrySet().stream()
                        .map(e -> e.getKey() + ":" + e.getValue()[0] + ":" + e.getValue()[1]).collect(Collectors.joining(" "));
            }
            case "errors" -> {
                return "errors " + String.join(" | ", svc.errors());
            }
            case "gaps" -> {
                return "gaps " + svc.upstreamGaps().stream().map(g -> g[0] + ":" + g[1]).collect(Collectors.joining(" "));
            }
            case "stop-writing" -> {
                svc.stopWriting();
                return "ok";
            }
            case "quit" -> {
                if (!quitting) {
                    quitting = true;
                    receiver.close();
                    svc.close();
                    quit.countDown();
                }
                return null;
            }
            default -> {
                return "unknown command " + line;
            }
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DscoStreamServer()).execute(args));
    }
}
