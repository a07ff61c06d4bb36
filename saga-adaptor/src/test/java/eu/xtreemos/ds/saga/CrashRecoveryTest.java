package eu.xtreemos.ds.saga;

import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.client.DscoException;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After dsco went away mid-handoff, the adaptor asks the restarted dsco until it answers: the answer decides
 * whether the handoff happened; a refusal ends the asking; a dsco that does not come back ends it at the deadline.
 */
class CrashRecoveryTest {
    private static final Duration QUICK = Duration.ofMillis(10);
    private static final IOException CRASH = new EOFException("dsco closed the connection");

    @Test
    void asksUntilTheRestartedDscoAnswersAndReturnsItsAnswer() throws Exception {
        for (boolean handedOff : new boolean[] {true, false}) {
            AtomicInteger asked = new AtomicInteger();
            boolean result = CrashRecovery.await(() -> {
                if (asked.incrementAndGet() < 3) {
                    throw new IOException("no socket at /run/dsco/dsco.sock");
                }
                return handedOff;
            }, Duration.ofSeconds(10), QUICK, "handoff of C to b", CRASH);
            assertEquals(handedOff, result);
            assertEquals(3, asked.get(), "twice not back yet, then the answer");
        }
    }

    @Test
    void aRefusalFromDscoEndsTheAskingAtOnce() {
        AtomicInteger asked = new AtomicInteger();
        DscoException refused = new DscoException(Status.FAILED, "recovery failed: bad fd");
        IOException e = assertThrows(IOException.class, () -> CrashRecovery.await(() -> {
            asked.incrementAndGet();
            throw refused;
        }, Duration.ofSeconds(10), QUICK, "handoff of C to b", CRASH));
        assertSame(refused, e);
        assertEquals(1, asked.get());
    }

    @Test
    void aDscoThatDoesNotComeBackEndsItAtTheDeadlineSayingTheConnectionsStayFrozen() {
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> CrashRecovery.await(() -> {
            throw new IOException("Connection refused");
        }, Duration.ofMillis(300), QUICK, "handoff of C to b", CRASH));
        long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        assertTrue(ms >= 300 && ms < 5000, ms + " ms");
        assertTrue(e.getMessage().contains("not back within") && e.getMessage().contains("stay frozen")
                && e.getMessage().contains("dsco closed the connection"), e.getMessage());
        assertFalse(e.getMessage().contains("null"));
    }
}
