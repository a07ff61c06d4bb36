package eu.xtreemos.ds.soak;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.testbed.NamespaceTestbed;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Injects faults at random moments while the soak hands the client off, alternating between the two kinds
 * (or only one of them, if so asked):
 * a node's link to the others cut for a random time, then restored; a node's dsco killed (SIGKILL) and
 * restarted. Each fault is on a random node and at a random moment, so it may hit a handoff in flight on
 * either side. After each, it waits until the client's data flows again both ways.
 */
final class FaultInjector implements Runnable {
    private final NamespaceTestbed tb;
    private final DscoCluster cluster;
    private final Random random;
    private final Duration gap;
    private final Duration maxCut;
    private final DscoWatch watch;
    private final IntSupplier handoffs;
    private final Callable<String> flowCheck;
    private final PrintStream out;
    private final long t0;

    final AtomicInteger linkCuts = new AtomicInteger();
    final AtomicInteger dscoRestarts = new AtomicInteger();
    final AtomicInteger survived = new AtomicInteger();
    volatile String problem;
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private final boolean cuts;
    private final boolean restarts;

    FaultInjector(NamespaceTestbed tb, DscoCluster cluster, Random random, Duration gap, Duration maxCut, boolean cuts,
                  boolean restarts, DscoWatch watch, IntSupplier handoffs, Callable<String> flowCheck, PrintStream out, long t0) {
        this.cuts = cuts;
        this.restarts = restarts;
        this.tb = tb;
        this.cluster = cluster;
        this.random = random;
        this.gap = gap;
        this.maxCut = maxCut;
        this.watch = watch;
        this.handoffs = handoffs;
        this.flowCheck = flowCheck;
        this.out = out;
        this.t0 = t0;
    }

    /** Lets a fault under way finish (a cut link is restored), then no more. */
    void stop() {
        stopped.countDown();
    }

    int faults() {
        return linkCuts.get() + dscoRestarts.get();
    }

    @Override
    public void run() {
        List<String> nodes = tb.serverNodes();
        try {
            for (int i = 1; problem == null; i++) {
                // a random gap, 0.5 to 1.5 times the mean
                if (stopped.await(gap.toMillis() / 2 + (long) (random.nextDouble() * gap.toMillis()), TimeUnit.MILLISECONDS)) {
                    return;
                }
                String node = nodes.get(random.nextInt(nodes.size()));
                String what;
                if (cuts && (i % 2 == 1 || !restarts)) {
                    long ms = 200 + (long) (random.nextDouble() * Math.max(1, maxCut.toMillis() - 200));
                    what = "link of " + node + " cut for " + ms + " ms";
                    say(i, what);
                    tb.cutLink(node);
                    Thread.sleep(ms);
                    tb.restoreLink(node);
                    linkCuts.incrementAndGet();
                } else {
                    long down = random.nextInt(500);
                    what = "dsco of " + node + " killed, restarted " + down + " ms later";
                    say(i, what);
                    watch.ending(node, cluster.dsco(node).pid(), handoffs.getAsInt());
                    cluster.killDsco(node);
                    Thread.sleep(down);
                    long pid = cluster.startDsco(node).pid();
                    cluster.awaitReceivers(node);
                    watch.started(node, pid, handoffs.getAsInt());
                    dscoRestarts.incrementAndGet();
                }
                String p = flowCheck.call();
                if (p != null) {
                    problem = "after fault " + i + " (" + what + "): " + p;
                    return;
                }
                survived.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            problem = "fault injection failed: " + e;
        }
    }

    private void say(int i, String what) {
        out.printf("[%5.0f s] fault %d: %s (after %d handoffs)%n", (System.nanoTime() - t0) / 1e9, i, what, handoffs.getAsInt());
    }
}
