package eu.xtreemos.ds.bench;

import eu.xtreemos.ds.cluster.NodeProcess;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks every byte of a set of clients' streams after their handoffs: the client stops writing and the
 * applications must have received exactly what it sent; then the applications stop writing and the client
 * must have received exactly what they sent. Content is checked as it arrives (the stream pattern), on both
 * sides; this adds the counts, so nothing lost at the end goes unnoticed.
 */
final class Verify {
    record Result(long bytes, List<String> errors) {
        @Override
        public String toString() {
            return errors.isEmpty() ? String.format("%.1f MB in order and exactly once, no error", bytes / 1e6)
                    : String.format("%.1f MB, %d ERRORS: %s", bytes / 1e6, errors.size(), errors.subList(0, Math.min(5, errors.size())));
        }
    }

    private Verify() {
    }

    static Result streams(Bed b, BenchClients cs) throws Exception {
        List<String> errors = new ArrayList<>();
        cs.stopWriting();
        Map<Integer, long[]> pos = waitUntil(b, cs, true);
        for (String n : b.nodes()) {
            b.app(n).command("stop-writing", "ok");
        }
        pos = waitUntil(b, cs, false);
        long bytes = 0;
        for (BenchClients.Conn c : cs.connections()) {
            long[] p = pos.get(c.id);
            if (p == null) {
                errors.add("connection " + c.id + " of " + c.client.getHostAddress() + " is on no node");
                continue;
            }
            if (p[0] != c.tx) {
                errors.add("connection " + c.id + ": client sent " + c.tx + " bytes, the service received " + p[0]);
            }
            if (p[1] != c.rx) {
                errors.add("connection " + c.id + ": the service sent " + p[1] + " bytes, the client received " + c.rx);
            }
            bytes += c.tx + c.rx;
        }
        errors.addAll(cs.errors());
        for (String n : b.nodes()) {
            String e = b.app(n).command("errors", "errors").substring("errors".length()).trim();
            if (!e.isEmpty()) {
                errors.add(n + ": " + e);
            }
        }
        return new Result(bytes, errors);
    }

    /** Positions (received, sent) by connection id from every application, once they match the client's (or after 10 s). */
    private static Map<Integer, long[]> waitUntil(Bed b, BenchClients cs, boolean upstream) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            Map<Integer, long[]> pos = positions(b);
            boolean all = true;
            for (BenchClients.Conn c : cs.connections()) {
                long[] p = pos.get(c.id);
                if (p == null || (upstream ? p[0] != c.tx : p[1] != c.rx)) {
                    all = false;
                    break;
                }
            }
            if (all || System.currentTimeMillis() > deadline) {
                return pos;
            }
            Thread.sleep(100);
        }
    }

    private static Map<Integer, long[]> positions(Bed b) throws Exception {
        Map<Integer, long[]> pos = new HashMap<>();
        for (String n : b.nodes()) {
            NodeProcess app = b.app(n);
            String line = app.command("positions", "positions").substring("positions".length()).trim();
            if (line.isEmpty()) {
                continue;
            }
            for (String e : line.split(" ")) {
                String[] f = e.split(":");
                pos.put(Integer.parseInt(f[0]), new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return pos;
    }
}
