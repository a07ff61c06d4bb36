package eu.xtreemos.ds.saga;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ogf.saga.url.URLFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The stream warm-up runs the served-stream handoff path on loopback connections, and its rounds are configurable. */
class StreamWarmupTest {
    @AfterEach
    void clearProperty() {
        System.clearProperty(StreamWarmup.ROUNDS_PROPERTY);
    }

    @Test
    void everyRoundRunsThroughServeReadWriteFreezeThawAndHandoff() throws Exception {
        // run() counts only rounds that went through the whole path; one that failed stops it early
        assertEquals(25, StreamWarmup.run(null, URLFactory.createURL("ds://[::1]:7000"), 25));
        assertEquals(0, StreamWarmup.run(null, URLFactory.createURL("ds://[::1]:7000"), 0));
    }

    @Test
    void roundsComeFromThePropertyAndABadValueFallsBackToTheDefault() {
        assertEquals(StreamWarmup.DEFAULT_ROUNDS, StreamWarmup.rounds());
        System.setProperty(StreamWarmup.ROUNDS_PROPERTY, "0");
        assertEquals(0, StreamWarmup.rounds());
        System.setProperty(StreamWarmup.ROUNDS_PROPERTY, " 12 ");
        assertEquals(12, StreamWarmup.rounds());
        System.setProperty(StreamWarmup.ROUNDS_PROPERTY, "-3");
        assertEquals(StreamWarmup.DEFAULT_ROUNDS, StreamWarmup.rounds());
        System.setProperty(StreamWarmup.ROUNDS_PROPERTY, "many");
        assertEquals(StreamWarmup.DEFAULT_ROUNDS, StreamWarmup.rounds());
    }
}
