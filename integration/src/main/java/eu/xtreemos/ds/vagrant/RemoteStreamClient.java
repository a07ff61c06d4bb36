package eu.xtreemos.ds.vagrant;

import eu.xtreemos.ds.cluster.NodeProcess;
import eu.xtreemos.ds.demo.ClientCounters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A streaming client running on another host ({@code StreamClientMain}, reached through a {@link NodeProcess}),
 * seen as the end-of-run checks see a local one. Its counters are fetched with one "counts" command and reused
 * for {@value #FRESH_MILLIS} ms, so that one check reads all connections from the same moment.
 */
public final class RemoteStreamClient implements ClientCounters, AutoCloseable {
    private static final long FRESH_MILLIS = 20;
    private static final long READY_MILLIS = 180_000; // a JVM starting in an emulated VM

    private final NodeProcess process;
    private final int[] ids;
    private long[][] counts;
    private long fetched;

    private RemoteStreamClient(NodeProcess process, int[] ids) {
        this.process = process;
        this.ids = ids;
        this.counts = new long[ids.length][2];
    }

    /** Waits for the client's "ready <connection ids>" line. */
    public static RemoteStreamClient await(NodeProcess process) throws IOException, InterruptedException {
        String ready = process.await("ready", READY_MILLIS);
        int[] ids = Arrays.stream(ready.substring("ready".length()).trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
        return new RemoteStreamClient(process, ids);
    }

    @Override
    public int connections() {
        return ids.length;
    }

    @Override
    public int connId(int k) {
        return ids[k];
    }

    @Override
    public long sent(int k) {
        return counts()[k][0];
    }

    @Override
    public long received(int k) {
        return counts()[k][1];
    }

    @Override
    public long interactiveRequests() {
        return interactive()[0];
    }

    @Override
    public long interactiveAnswers() {
        return interactive()[1];
    }

    /** Requests sent and right answers received on the client's interactive connection, read together. */
    private long[] interactive() {
        try {
            String[] f = process.command("interactive", "interactive").substring("interactive".length()).trim().split(" ");
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the client did not report its interactive counts: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private synchronized long[][] counts() {
        if (System.currentTimeMillis() - fetched > FRESH_MILLIS) {
            try {
                String line = process.command("counts", "counts");
                long[][] c = new long[ids.length][2];
                String[] items = line.substring("counts".length()).trim().split(" ");
                for (int k = 0; k < ids.length; k++) {
                    String[] f = items[k].split(":");
                    c[k][0] = Long.parseLong(f[1]);
                    c[k][1] = Long.parseLong(f[2]);
                }
                counts = c;
                fetched = System.currentTimeMillis();
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("the client did not report its counters: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return counts;
    }

    @Override
    public void stopWriting() throws Exception {
        process.command("stop-writing", "ok");
        fetched = 0;
    }

    @Override
    public List<String> errors() {
        try {
            String e = process.command("errors", "errors").substring("errors".length()).trim();
            return e.isEmpty() ? List.of() : new ArrayList<>(List.of(e.split(" \\| ")));
        } catch (IOException | InterruptedException e) {
            return List.of("the client did not answer: " + e.getMessage());
        }
    }

    /** Segments the client's TCP retransmitted, over all its connections. */
    public long retransmits() throws IOException, InterruptedException {
        return Long.parseLong(process.command("retransmits", "retransmits").substring("retransmits".length()).trim());
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
