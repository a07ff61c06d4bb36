package eu.xtreemos.ds.e2e;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.demo.StreamCheck;
import eu.xtreemos.ds.demo.StreamClient;
import eu.xtreemos.ds.dsco.cli.Dsctl;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.ds.dsco.client.DscoException;
import eu.xtreemos.ds.kernel.NetNamespace;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What an operator watches and reloads on a running cluster: dsctl stats and the metrics endpoint count real
 * handoffs; SIGHUP changes a run-time key while a client streams, and a bad file on SIGHUP changes nothing.
 */
class OperationsTest {
    private static final Pattern SAMPLE = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})? -?[0-9.eE+-]+|.* \\+Inf|# (HELP|TYPE) .*");

    @Test
    void statsAndTheMetricsEndpointCountRealHandoffs() throws Exception {
        try (ClusterFixture f = new ClusterFixture("eop", 43, 1, 1,
                new DscoCluster.Options("hold", 500_000, Map.of("metrics.listen", "127.0.0.1:9464")))) {
            DscoCluster.Service s = f.cluster.services().get(0);
            StreamClient c = f.stream(1, s);
            Thread.sleep(300);
            try {
                f.handoff("contact", s.id(), 1, "server1");
                f.handoff("server1", s.id(), 1, "contact");
                DscoException refused = assertThrows(DscoException.class, () -> f.handoff("contact", s.id(), 1, "nowhere"));
                assertTrue(refused.getMessage().contains("unknown node 'nowhere'"), refused.getMessage());
                ClusterFixture.assertHealthy(c);

                Map<String, String> stats;
                try (DscoClient operator = DscoClient.connect(f.cluster.socket("contact"))) {
                    stats = operator.stats();
                }
                System.out.println("contact's stats: " + stats);
                assertEquals("1", stats.get("handoffs.handed_off"));
                assertEquals("1", stats.get("handoffs.received"));
                assertEquals("1", stats.get("handoffs.refused"));
                assertEquals("1", stats.get("refusals.unknown_node"));
                assertEquals("0", stats.get("handoffs.failed"));
                assertEquals("1", stats.get("phase.freeze+dump.count"));
                assertEquals("1", stats.get("phase.prepare.count"));
                assertTrue(Double.parseDouble(stats.get("phase.prepare.p99_ms")) > 0, stats.get("phase.prepare.p99_ms"));
                assertEquals("1", stats.get("redirect.switches"));
                assertTrue(Long.parseLong(stats.get("membership.changes")) >= 1, "server1 joining was seen");
                long held = Long.parseLong(stats.get("packets.held")), shipped = Long.parseLong(stats.get("packets.shipped"));
                assertTrue(shipped > 0 && held >= shipped, "the streaming client's packets were held and shipped: " + held + ", " + shipped);
                assertTrue(Long.parseLong(stats.get("packets.injected")) > 0, "what server1 held came back with the client");
                assertEquals("0", stats.get("packets.dropped"), "hold mode loses nothing");
                String table = dsctl("-s", f.cluster.socket("contact").toString(), "stats");
                assertTrue(table.matches("(?s)handoffs +handed_off 1 refused 1 failed 0 received 1 receive_failed 0\n.*"), table);
                assertTrue(table.matches("(?s).*\n  freeze\\+dump +1 +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+\n.*"), table);
                assertTrue(dsctl("-s", f.cluster.socket("contact").toString(), "stats", "--json")
                        .contains("\"refusals\": {\"unknown_service\": 0, \"already_there\": 0, \"unknown_node\": 1,"));

                String text = scrape(f.tb.ns("contact"));
                for (String line : text.split("\n")) {
                    assertTrue(SAMPLE.matcher(line).matches(), "not Prometheus text: '" + line + "'");
                }
                assertEquals(1, sample(text, "dsco_handoffs_total\\{result=\"handed_off\"\\}"));
                assertEquals(1, sample(text, "dsco_handoff_refusals_total\\{reason=\"unknown_node\"\\}"));
                assertEquals(1, sample(text, "dsco_handoff_phase_seconds_count\\{phase=\"prepare\"\\}"));
                assertEquals(1, sample(text, "dsco_handoff_phase_seconds_bucket\\{phase=\"prepare\",le=\"\\+Inf\"\\}"));
                assertEquals(Long.parseLong(stats.get("packets.held")), sample(text, "dsco_packets_held_total"), 0.0,
                        "the endpoint and dsctl stats read the same counts");
                assertTrue(StreamCheck.finish(c, f.cluster.app("contact"),
                        List.of(f.cluster.app("contact"), f.cluster.app("server1"))).isEmpty());
            } catch (AssertionError | Exception e) {
                System.out.println(f.logs());
                throw e;
            }
        }
    }

    @Test
    void sighupChangesARunTimeKeyWithoutDroppingAClientAndABadFileChangesNothing() throws Exception {
        try (ClusterFixture f = new ClusterFixture("ehp", 44, 1, 1, new DscoCluster.Options("hold", 500_000, Map.of()))) {
            DscoCluster.Service s = f.cluster.services().get(0);
            StreamClient c = f.stream(1, s);
            Thread.sleep(300);
            Path conf = f.cluster.directory().resolve("contact.properties");
            try (DscoClient operator = DscoClient.connect(f.cluster.socket("contact"))) {
                assertEquals("0ms", operator.config("timeouts.flush").get("timeouts.flush"));
                rewrite(conf, Map.of("timeouts.flush", "250ms", "cluster.port", "7299"));
                sighup(f.cluster.dsco("contact").pid());
                awaitLog(f, "contact", "SIGHUP: timeouts.flush changed: 0ms -> 250ms");
                assertTrue(f.cluster.dsco("contact").logSinceStart().contains("only read at start, so they apply after a restart: cluster.port"));
                assertEquals("250ms", operator.config("timeouts.flush").get("timeouts.flush"));
                assertEquals("7200", operator.config("cluster.port").get("cluster.port"), "a restart-only key keeps its value");
                ClusterFixture.assertHealthy(c);
                f.handoff("contact", s.id(), 1, "server1");
                assertTrue(StreamCheck.awaitServes(f.cluster.app("server1"), c), "the client moved to server1 after the reload");
                ClusterFixture.assertHealthy(c);

                rewrite(conf, Map.of("timeouts.flush", "400ms", "timeouts.commit", "forever"));
                sighup(f.cluster.dsco("contact").pid());
                awaitLog(f, "contact", "not reloaded, nothing changed: timeouts.commit: 'forever'");
                assertEquals("250ms", operator.config("timeouts.flush").get("timeouts.flush"), "nothing of the bad file applied");
                assertTrue(f.cluster.dsco("contact").alive());
                f.handoff("server1", s.id(), 1, "contact");
                ClusterFixture.assertHealthy(c);
                assertTrue(StreamCheck.finish(c, f.cluster.app("contact"),
                        List.of(f.cluster.app("contact"), f.cluster.app("server1"))).isEmpty(), "every byte arrived, in order");
            } catch (AssertionError | Exception e) {
                System.out.println(f.logs());
                throw e;
            }
        }
    }

    @Test
    void dsctlDrainsANodeShowsItsProgressAndTheEventsAndAGuardedNodeTakesNoClient() throws Exception {
        try (ClusterFixture f = new ClusterFixture("edrn", 97, 1, 1, new DscoCluster.Options("hold", 500_000, Map.of()))) {
            DscoCluster.Service s = f.cluster.services().get(0);
            StreamClient c = f.stream(1, s);
            Thread.sleep(300);
            String contact = f.cluster.socket("contact").toString(), server1 = f.cluster.socket("server1").toString();
            try {
                String refused = dsctlFails(3, "-s", contact, "drain");
                assertTrue(refused.contains("contact is the contact node") && refused.contains("dsctl contact"), refused);
                dsctl("-s", contact, "contact", "--to", "server1");
                String drained = dsctl("-s", contact, "drain");
                assertTrue(drained.contains("drained: 1 clients moved, 0 stayed"), drained);
                assertTrue(StreamCheck.awaitServes(f.cluster.app("server1"), c), "the client went to server1");
                ClusterFixture.assertHealthy(c);

                String events = dsctl("-s", contact, "events");
                assertTrue(events.matches("(?s)# epoch [0-9a-f]{16}, events 1\\.\\.[0-9]+ held\n.*"), events);
                int changed = events.indexOf("contact_changed node=server1");
                int handed = events.indexOf("client_handed_off service=" + s.id() + " client=" + f.clientAddress(1).getHostAddress()
                        + " node=server1");
                assertTrue(changed > 0 && handed > changed, "the contact change, then the handoff, in order:\n" + events);
                assertTrue(events.contains("drain_progress service=" + s.id() + " client=" + f.clientAddress(1).getHostAddress()
                        + " (1 of 1 clients moved)"), events);
                assertTrue(dsctl("-s", server1, "events").contains("client_received service=" + s.id() + " client="
                        + f.clientAddress(1).getHostAddress() + " node=contact"), "server1 saw the client arrive");

                DscoException guarded = assertThrows(DscoException.class, () -> f.handoff("server1", s.id(), 1, "contact"));
                assertTrue(guarded.getMessage().contains("contact is being drained"), guarded.getMessage());
                assertTrue(dsctl("-s", server1, "events").contains("handoff_failed service=" + s.id()), "the failure is an event");
                dsctl("-s", contact, "drain", "--resume");
                f.handoff("server1", s.id(), 1, "contact");
                ClusterFixture.assertHealthy(c);
                assertTrue(StreamCheck.finish(c, f.cluster.app("contact"),
                        List.of(f.cluster.app("contact"), f.cluster.app("server1"))).isEmpty(), "every byte arrived, in order");
            } catch (AssertionError | Exception e) {
                System.out.println(f.logs());
                throw e;
            }
        }
    }

    /** dsctl's error output; it must exit with {@code rc}. */
    private static String dsctlFails(int rc, String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int got;
        try {
            got = Dsctl.run(args);
        } finally {
            System.setErr(err);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertEquals(rc, got, "dsctl " + String.join(" ", args) + ": " + text);
        System.err.print(text);
        return text;
    }

    /** dsctl's output (it exits 0). */
    private static String dsctl(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = Dsctl.run(args);
        } finally {
            System.setOut(out);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, "dsctl " + String.join(" ", args) + ": " + text);
        System.out.print(text);
        return text;
    }

    /** GET /metrics from inside the node's namespace, where dsco listens on loopback. */
    private static String scrape(String ns) throws Exception {
        try (NetNamespace n = NetNamespace.open(ns)) {
            return n.call(() -> {
                try (Socket sock = new Socket()) {
                    sock.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9464), 2000);
                    sock.setSoTimeout(5000);
                    OutputStream out = sock.getOutputStream();
                    out.write("GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    InputStream in = sock.getInputStream();
                    String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(reply.startsWith("HTTP/1.1 200"), reply.lines().findFirst().orElse(""));
                    assertTrue(reply.contains("text/plain; version=0.0.4"), reply);
                    return reply.substring(reply.indexOf("\r\n\r\n") + 4);
                }
            });
        }
    }

    private static double sample(String text, String nameAndLabels) {
        Matcher m = Pattern.compile("(?m)^" + nameAndLabels + " (\\S+)$").matcher(text);
        assertTrue(m.find(), nameAndLabels + " missing from:\n" + text);
        return Double.parseDouble(m.group(1));
    }

    /** The file with {@code changes} in place of those keys' lines. */
    private static void rewrite(Path conf, Map<String, String> changes) throws IOException {
        String kept = Files.readAllLines(conf).stream()
                .filter(l -> changes.keySet().stream().noneMatch(k -> l.matches("\\s*" + Pattern.quote(k) + "\\s*[=:].*")))
                .collect(Collectors.joining("\n"));
        Files.writeString(conf, kept + "\n" + changes.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining("\n")) + "\n");
    }

    private static void sighup(long pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-HUP", String.valueOf(pid)).inheritIO().start();
        assertEquals(0, p.waitFor(), "kill -HUP " + pid);
    }

    private static void awaitLog(ClusterFixture f, String node, String text) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (f.cluster.dsco(node).logSinceStart().contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        fail("dsco-" + node + " did not log '" + text + "' within 10 s; log:\n" + f.cluster.dsco(node).logSinceStart());
    }
}
