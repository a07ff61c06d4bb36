package eu.xtreemos.ds.testbed;

import ch.qos.logback.classic.Level;
import eu.xtreemos.ds.kernel.NetNamespace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Helpers for tests that build real testbeds. */
final class Testbeds {
    static final int PORT = 7000;
    /** Per-JVM suffix, so two test runs on one host (e.g. two engineers' builds) never share a testbed. */
    private static final String RUN = Long.toString(36 * 36 + new java.util.Random().nextInt(36 * 35), 36).substring(1);

    /** {@code base} (at most 6 characters) plus this run's 2-character suffix. */
    static String name(String base) {
        return base + RUN;
    }

    private Testbeds() {
    }

    /** Skips the calling test unless we may create namespaces; keeps the log to one line per up/down. */
    static void assumePrivileged() throws IOException {
        TestbedCli.logLevel(Level.INFO);
        assumeTrue(NamespaceTestbed.privilegeProblem(Files.readString(Path.of("/proc/self/status"))).isEmpty(),
                NamespaceTestbed.NEEDS_ROOT);
    }

    /** Names from "ip netns list" that start with {@code prefix}. */
    static List<String> namespacesStartingWith(String prefix) {
        return Commands.check("ip", "netns", "list").lines().map(l -> l.split("\\s+")[0])
                .filter(n -> n.startsWith(prefix)).toList();
    }

    /** Accepts connections on addr:PORT inside a node and answers each with the node's name. */
    static final class NameServer implements AutoCloseable {
        private final NetNamespace ns;
        private final ServerSocket listener;

        NameServer(NamespaceTestbed tb, String node, InetAddress addr) throws Exception {
            ns = NetNamespace.open(tb.ns(node));
            // Created on the namespace's thread, so the socket lives in the node's namespace.
            listener = ns.call(() -> {
                ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress(addr, PORT));
                return s;
            });
            ns.start("answer-" + tb.ns(node), () -> {
                while (true) {
                    try (Socket c = listener.accept()) {
                        c.getOutputStream().write((node + "\n").getBytes(StandardCharsets.UTF_8));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        @Override
        public void close() throws IOException {
            listener.close();
            ns.close();
        }
    }

    /** Connects from {@code client}'s namespace to addr:PORT and returns the name the server sent. */
    static String whoAnswers(NamespaceTestbed tb, String client, InetAddress addr) throws Exception {
        try (NetNamespace ns = NetNamespace.open(tb.ns(client))) {
            return ns.call(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(addr, PORT), 3000);
                    s.setSoTimeout(3000);
                    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                            .readLine();
                }
            });
        }
    }
}
