package eu.xtreemos.ds.demo;

import eu.xtreemos.ds.dsco.client.DscoClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * An operator's handoff requests to a node's dsco, one per stdin line, as {@code dsctl handoff} makes them but
 * from one long-running process: on a slow (emulated) host a JVM start per request would cost seconds. Runs as
 * root (handoff requests need root or dsco's admin group).
 */
@Command(name = "ds-demo-operator", mixinStandardHelpOptions = true,
        description = {"Asks this node's dsco for handoffs, one per line on stdin, and answers each on stdout:",
                "  handoff CLIENT-ADDRESS NODE   'handoff ok <ms> ms' or 'handoff failed: <reason>'",
                "  quit"})
public final class HandoffOperator implements Callable<Integer> {
    @Option(names = "--socket", defaultValue = "/run/dsco/dsco.sock", description = "dsco's API socket (default: ${DEFAULT-VALUE}).")
    Path socket;
    @Option(names = "--service", defaultValue = "demo", description = "Service id (default: ${DEFAULT-VALUE}).")
    String service;

    @Override
    public Integer call() throws Exception {
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] w = line.trim().split("\\s+");
            if (w[0].equals("quit")) {
                return 0;
            }
            System.out.println(w[0].equals("handoff") && w.length == 3 && w[1].matches("[0-9a-fA-F:.]+")
                    ? handoff(InetAddress.getByName(w[1]), w[2])
                    : "unknown command " + line + " (handoff CLIENT-ADDRESS NODE, quit)");
            System.out.flush();
        }
        return 0;
    }

    private String handoff(InetAddress client, String to) {
        long t0 = System.nanoTime();
        try (DscoClient c = DscoClient.connect(socket)) {
            c.requestHandoff(service, client, to);
            return String.format("handoff ok %.1f ms", (System.nanoTime() - t0) / 1e6);
        } catch (Exception e) {
            return "handoff failed: " + e.getMessage();
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new HandoffOperator()).execute(args));
    }
}
