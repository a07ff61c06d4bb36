package eu.xtreemos.ds.dsco.metrics;

import eu.xtreemos.ds.dsco.api.HandoffPhase;
import eu.xtreemos.ds.dsco.api.HandoffTimings;
import eu.xtreemos.ds.dsco.handoff.PacketCounts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class PrometheusTextTest {

    private static DscoMetrics someHandoffs() {
        DscoMetrics m = new DscoMetrics();
        m.handoff(HandoffResult.HANDED_OFF);
        m.refused(RefusalReason.RECEIVER_REFUSED);
        m.phases(HandoffTimings.of(Map.of(HandoffPhase.FLUSH, 900_000L, HandoffPhase.COMMIT, 3_000_000L)));
        m.phases(HandoffTimings.of(Map.of(HandoffPhase.FLUSH, 5_000L)));
        m.packetsFrom(() -> new PacketCounts(12, 9, 7, 2, 1, 3));
        m.bindingsFrom(() -> 4);
        return m;
    }

    @Test
    void theExpositionIsValidTextFormatWithTheCounts() {
        Map<String, Double> s = PrometheusFormat.parse(PrometheusText.of(someHandoffs()));
        assertEquals(1.0, s.get("dsco_handoffs_total{result=\"handed_off\"}"));
        assertEquals(1.0, s.get("dsco_handoffs_total{result=\"refused\"}"));
        assertEquals(1.0, s.get("dsco_handoff_refusals_total{reason=\"receiver_refused\"}"));
        assertEquals(2.0, s.get("dsco_handoff_phase_seconds_count{phase=\"flush\"}"));
        assertEquals(1.0, s.get("dsco_handoff_phase_seconds_bucket{phase=\"flush\",le=\"0.000008\"}"));
        assertEquals(2.0, s.get("dsco_handoff_phase_seconds_bucket{phase=\"flush\",le=\"0.001024\"}"));
        assertEquals(0.000905, s.get("dsco_handoff_phase_seconds_sum{phase=\"flush\"}"), 1e-12);
        assertEquals(12.0, s.get("dsco_packets_held_total"));
        assertEquals(3.0, s.get("dsco_packets_held"));
        assertEquals(9.0, s.get("dsco_packets_shipped_total"));
        assertEquals(7.0, s.get("dsco_packets_injected_total"));
        assertEquals(2.0, s.get("dsco_packets_dropped_total"));
        assertEquals(1.0, s.get("dsco_packet_queue_overflows_total"));
        assertEquals(4.0, s.get("dsco_bindings"));
    }

    @Test
    void theCheckerCatchesWhatAScraperWouldRefuse() {
        assertThrows(IllegalArgumentException.class, () -> PrometheusFormat.parse("dsco_x 1\n"));                 // no TYPE
        assertThrows(IllegalArgumentException.class, () -> PrometheusFormat.parse("# TYPE a counter\na{x=1} 1\n")); // unquoted
        assertThrows(IllegalArgumentException.class, () -> PrometheusFormat.parse("# TYPE a counter\na one\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusFormat.parse(
                "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusFormat.parse(
                "# TYPE a counter\n# TYPE b counter\na 1\nb 1\na{x=\"y\"} 1\n"));                            // not together
    }

    @Test
    void theEndpointServesTheTextOnLoopback() throws Exception {
        DscoMetrics m = someHandoffs();
        try (MetricsEndpoint e = MetricsEndpoint.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), m)) {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + e.address().getPort() + "/metrics");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals(PrometheusText.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElse(""));
            assertEquals(1.0, PrometheusFormat.parse(r.body()).get("dsco_handoffs_total{result=\"handed_off\"}"));
            m.handoff(HandoffResult.HANDED_OFF);
            r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(2.0, PrometheusFormat.parse(r.body()).get("dsco_handoffs_total{result=\"handed_off\"}"));
            r = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, r.statusCode());
        }
    }

    @Test
    void anAddressInUseIsReportedWithTheKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IOException e = assertThrows(IOException.class, () -> MetricsEndpoint.start(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort()), new DscoMetrics()));
            assertTrue(e.getMessage().startsWith("metrics.listen 127.0.0.1:" + taken.getLocalPort() + ": cannot listen there"),
                    e.getMessage());
        }
    }
}
