package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.peer.ClusterKeys;
import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The warm-up runs whole loopback handoffs with the kernel's socket engine and a real cluster link, and leaves no
 * descriptor behind (it runs in every dsco before it serves).
 */
class HandoffWarmupTest {
    static ScratchNamespace scratch;
    static final ClusterKeys KEYS = ClusterKeys.of(new byte[32]);

    @BeforeAll
    static void ns() throws Exception {
        scratch = new ScratchNamespace("dswu");
    }

    @AfterAll
    static void cleanup() throws Exception {
        scratch.close();
    }

    @Test
    void everyRoundFreezesShipsRestoresAndActivatesAndClosesItsSockets() throws Exception {
        long before = openFds();
        int done = scratch.ns.call(() -> HandoffWarmup.run(new KernelConnectionEngine(), KEYS, "node1", 120));
        assertEquals(120, done, "rounds that ran to the end (restored and activated)");
        long after = openFds();
        assertTrue(after - before <= 2, "descriptors left open: " + (after - before) + " (before " + before + ", after " + after + ")");
    }

    @Test
    void zeroRoundsIsOff() throws Exception {
        assertEquals(0, scratch.ns.call(() -> HandoffWarmup.run(new KernelConnectionEngine(), KEYS, "node1", 0)));
    }

    private static long openFds() throws InterruptedException {
        Thread.sleep(200); // the peer server's worker closes its end after the link's close
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : Arrays.stream(fds).count();
    }
}
