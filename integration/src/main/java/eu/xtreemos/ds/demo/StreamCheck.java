package eu.xtreemos.ds.demo;

import eu.xtreemos.ds.cluster.NodeProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The end of a run: stop the client's writers, let the serving application receive everything, stop its
 * writers, let the client receive everything, and compare both ends' byte counts. Each end has checked
 * every byte's value and order while reading, so equal counts mean every byte arrived exactly once. On the
 * interactive connection the client has checked every answer as it came; the count of right answers must
 * reach the count of requests.
 */
public final class StreamCheck {
    private StreamCheck() {
    }

    /** Stops the stream and returns every error seen anywhere (empty: all bytes arrived, no reset). */
    public static List<String> finish(ClientCounters client, NodeProcess serving, List<NodeProcess> allApps) throws Exception {
        client.stopWriting();
        waitFor(() -> matches(client, positions(serving), true) && client.interactiveAnswers() == client.interactiveRequests());
        serving.command("stop-writing", "ok");
        waitFor(() -> matches(client, positions(serving), false));
        List<String> errors = new ArrayList<>(client.errors());
        long requests = client.interactiveRequests(), answers = client.interactiveAnswers();
        if (answers != requests) {
            errors.add("interactive connection: " + requests + " requests sent, " + answers + " answered right");
        }
        for (NodeProcess app : allApps) {
            String e = app.command("errors", "errors").substring("errors".length()).trim();
            if (!e.isEmpty()) {
                errors.add(app.name() + ": " + e);
            }
        }
        Map<Integer, long[]> last = positions(serving);
        if (!matches(client, last, true) || !matches(client, last, false)) {
            errors.add("byte counts differ: " + describe(client, last));
        }
        return errors;
    }

    /** Per connection id, {received, sent} as the application reports them. */
    public static Map<Integer, long[]> positions(NodeProcess app) {
        Map<Integer, long[]> m = new HashMap<>();
        try {
            String line = app.command("positions", "positions");
            for (String item : line.substring("positions".length()).trim().split(" ")) {
                if (!item.isEmpty()) {
                    String[] f = item.split(":");
                    m.put(Integer.parseInt(f[0]), new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                }
            }
        } catch (Exception e) {
            // an empty map never matches: the wait times out and the counts are reported
        }
        return m;
    }

    /** The longest pause in data from the client that an application saw across a handoff in [from, to], ms. */
    public static double worstUpstreamGap(List<NodeProcess> apps, long from, long to) {
        double worst = 0;
        for (NodeProcess app : apps) {
            try {
                String line = app.command("gaps", "gaps");
                for (String item : line.substring("gaps".length()).trim().split(" ")) {
                    if (!item.isEmpty()) {
                        String[] g = item.split(":");
                        long a = Long.parseLong(g[0]), b = Long.parseLong(g[1]);
                        if (b >= from && a <= to) {
                            worst = Math.max(worst, (b - a) / 1e6);
                        }
                    }
                }
            } catch (Exception e) {
                // no figure from this one
            }
        }
        return worst;
    }

    /**
     * Whether the application serves all of the client's connections, waiting up to 3 s: an application
     * takes a received client over asynchronously, a moment after dsco's commit.
     */
    public static boolean awaitServes(NodeProcess app, ClientCounters c) throws InterruptedException {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (!serves(app, c)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Whether the application serves all of the client's connections. */
    public static boolean serves(NodeProcess app, ClientCounters c) {
        Map<Integer, long[]> p = positions(app);
        for (int k = 0; k < c.connections(); k++) {
            if (!p.containsKey(c.connId(k))) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(ClientCounters c, Map<Integer, long[]> pos, boolean up) {
        for (int k = 0; k < c.connections(); k++) {
            long[] p = pos.get(c.connId(k));
            if (p == null || (up ? p[0] != c.sent(k) : p[1] != c.received(k))) {
                return false;
            }
        }
        return true;
    }

    private static String describe(ClientCounters c, Map<Integer, long[]> pos) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < c.connections(); k++) {
            long[] p = pos.getOrDefault(c.connId(k), new long[2]);
            b.append(String.format("[conn %d: client sent %d, server got %d; server sent %d, client got %d] ",
                    c.connId(k), c.sent(k), p[0], p[1], c.received(k)));
        }
        return b.toString();
    }

    private static void waitFor(BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!cond.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
