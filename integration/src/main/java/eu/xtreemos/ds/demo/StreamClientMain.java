package eu.xtreemos.ds.demo;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The demo's streaming client as a process of its own, for a client host that is not this JVM's (a VM): a
 * {@link StreamClient} in the process's own network namespace, driven by line commands on stdin as the demo
 * application is, so that a checker elsewhere ({@code RemoteStreamClient}) can compare both ends.
 */
@Command(name = "ds-demo-client", mixinStandardHelpOptions = true,
        description = {"An ordinary TCP client of the demo service: streams both ways over several connections, checks every byte.",
                "Says 'ready <connection ids>' once connected, then answers commands on stdin:",
                "  counts        'counts id:sent:received ...' per connection",
                "  interactive   'interactive REQUESTS ANSWERS', requests sent on the interactive connection, right answers received",
                "  errors        'errors <error> | <error> ...' (empty: none)",
                "  retransmits   'retransmits N', segments its TCP retransmitted",
                "  stop-writing  stops the writers, then 'ok'",
                "  quit          closes the connections and exits"})
public final class StreamClientMain implements Callable<Integer> {
    @Option(names = "--service", required = true, description = "The service (anycast) address.")
    String service;
    @Option(names = "--port", defaultValue = "7000", description = "Service port (default: ${DEFAULT-VALUE}).")
    int port;
    @Option(names = "--connections", defaultValue = "3", description = "Streaming connections (default: ${DEFAULT-VALUE}).")
    int connections;
    @Option(names = "--rate", defaultValue = "100000", description = "Bytes per second per connection, each way (default: ${DEFAULT-VALUE}).")
    long rate;
    @Option(names = "--index", defaultValue = "1", description = "This client's number, 1..15: connection ids are 16*index+k (default: ${DEFAULT-VALUE}).")
    int index;

    @Override
    public Integer call() throws Exception {
        if (!service.matches("[0-9a-fA-F:.]+")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--service: '" + service + "' is not an IP address");
        }
        if (connections < 1 || connections > 15 || index < 1 || index > 15 || rate < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--connections and --index must be 1..15 and --rate positive; got " + connections + ", " + index + ", " + rate);
        }
        try (StreamClient c = StreamClient.start(new InetSocketAddress(InetAddress.getByName(service), port), index, connections, rate)) {
            List<String> ids = new ArrayList<>();
            for (int k = 0; k < c.connections(); k++) {
                ids.add(String.valueOf(c.connId(k)));
            }
            System.out.println("ready " + String.join(" ", ids));
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                switch (line.trim()) {
                    case "counts" -> {
                        StringBuilder b = new StringBuilder("counts");
                        for (int k = 0; k < c.connections(); k++) {
                            b.append(' ').append(c.connId(k)).append(':').append(c.sent(k)).append(':').append(c.received(k));
                        }
                        System.out.println(b);
                    }
                    case "interactive" -> System.out.println("interactive " + c.interactiveRequests() + " " + c.interactiveAnswers());
                    case "errors" -> System.out.println("errors " + String.join(" | ", c.errors()));
                    case "retransmits" -> System.out.println("retransmits " + c.retransmits());
                    case "stop-writing" -> {
                        c.stopWriting();
                        System.out.println("ok");
                    }
                    case "quit" -> {
                        return 0;
                    }
                    default -> System.out.println("unknown command " + line);
                }
                System.out.flush();
            }
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new StreamClientMain()).execute(args));
    }
}
