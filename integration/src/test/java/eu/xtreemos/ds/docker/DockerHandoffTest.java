package eu.xtreemos.ds.docker;

import eu.xtreemos.ds.cluster.ClusterConfig;
import eu.xtreemos.ds.demo.StreamCheck;
import eu.xtreemos.ds.demo.StreamClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Docker testbed's acceptance test: a client container streams both ways over 3 connections while it
 * is handed off 50 times between the contact node's and server1's containers (dsco in each container, the
 * HA agent in ha), by HA steering and by route optimization (the correspondent agent in the client's
 * container); every byte arrives exactly once and in order, and nothing is reset.
 */
// Minutes: the first Docker test of a run builds the image (211 s with this one's first case, in a whole build at a
// load of 6-15).
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class DockerHandoffTest {
    private static final int HANDOFFS = 50;
    private static final long INTERVAL_MILLIS = 150;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"steering", "route-optimization"})
    void fiftyHandoffsBetweenTwoServerContainersLoseNothing(String redirect) throws Exception {
        boolean ro = redirect.equals("route-optimization");
        try (DockerFixture f = new DockerFixture(ro ? "e2ero" : "e2e", ro ? 0xd3 : 0xd1, Map.of("redirect.mode", redirect))) {
            try {
                eu.xtreemos.ds.cluster.NodeProcess correspondent = ro ? f.cluster.startCorrespondent() : null;
                StreamClient client = f.stream();
                Thread.sleep(INTERVAL_MILLIS);
                String at = ClusterConfig.CONTACT;
                List<Double> millis = new ArrayList<>();
                for (int i = 1; i <= HANDOFFS; i++) {
                    String to = at.equals(ClusterConfig.CONTACT) ? "server1" : ClusterConfig.CONTACT;
                    long t0 = System.nanoTime();
                    f.handoff(at, to);
                    millis.add((System.nanoTime() - t0) / 1e6);
                    at = to;
                    Thread.sleep(INTERVAL_MILLIS);
                    assertTrue(client.errors().isEmpty(), "after handoff " + i + ": " + client.errors());
                }
                assertTrue(StreamCheck.awaitServes(f.cluster.app(at), client), at + " serves the client after the last handoff");
                // Every handoff was a steering request to the HA agent in the ha container, or a binding at the client.
                long steered = Files.readAllLines(f.cluster.ha().log()).stream().filter(l -> l.contains("asked: client")).count();
                assertEquals(ro ? 0 : HANDOFFS, steered, "steering requests the HA agent logged");
                if (ro) {
                    Properties st = new Properties();
                    try (var in = Files.newBufferedReader(f.cluster.correspondentStatus())) {
                        st.load(in);
                    }
                    // an update whose acknowledgement is late is sent again: accepted again, or refused as not newer
                    assertTrue(Long.parseLong(st.getProperty("updates-accepted", "0")) >= HANDOFFS,
                            "bindings to server1 and deregistrations back to the contact node: " + st);
                    List<String> changes = new ArrayList<>();
                    for (String line : Files.readAllLines(correspondent.log())) {
                        if (line.contains("CorrespondentAgent") && line.contains(" -> ") && line.contains("(sequence")) {
                            changes.add("bound");
                        } else if (line.contains("CorrespondentAgent") && line.contains(" removed: deregistered")) {
                            changes.add("home");
                        }
                    }
                    List<String> expected = new ArrayList<>();
                    for (int i = 0; i < HANDOFFS; i++) {
                        expected.add(i % 2 == 0 ? "bound" : "home");
                    }
                    assertEquals(expected, changes, "the client's binding followed every handoff, in order: " + st);
                }

                List<String> errors = StreamCheck.finish(client, f.cluster.app(at), f.cluster.apps());
                assertTrue(errors.isEmpty(), "errors: " + errors);
                long up = 0, down = 0;
                for (int k = 0; k < client.connections(); k++) {
                    up += client.sent(k);
                    down += client.received(k);
                }
                millis.sort(null);
                System.out.printf("%s, %d handoffs: request to answer median %.1f ms, worst %.1f ms; %d bytes up and %d down, "
                                + "each exactly once, in order; client retransmissions %d%n",
                        redirect, HANDOFFS, eu.xtreemos.ds.dsco.metrics.Percentiles.of(millis, 50), millis.get(millis.size() - 1), up, down, client.retransmits());
                // Data kept flowing through the handoffs, both ways (at least half the nominal rate).
                long nominal = DockerFixture.CONNECTIONS * DockerFixture.RATE * HANDOFFS * INTERVAL_MILLIS / 1000;
                assertTrue(up > nominal / 2 && down > nominal / 2, "bytes up " + up + ", down " + down + ", nominal " + nominal);
            } catch (AssertionError | Exception e) {
                System.out.println(f.logs());
                throw e;
            }
        }
    }
}
