package eu.xtreemos.ds.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The curves as PNG files: per scenario, the gap and the CPU per handoff against the scenario's parameter. */
final class Plots {
    private static final Map<String, String> X_TITLES = Map.of(
            "connections", "connections per client",
            "unsent", "unsent bytes in each send queue at the handoff (KiB)",
            "concurrent", "clients handed off at once",
            "nodes", "nodes");

    private Plots() {
    }

    static void write(Results r, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        for (Map.Entry<String, List<Results.Row>> e : r.all().entrySet()) {
            String x = X_TITLES.get(e.getKey());
            if (x == null || e.getValue().size() < 2) {
                continue;
            }
            boolean log = e.getKey().equals("connections") || e.getKey().equals("concurrent");
            chart(dir.resolve(e.getKey() + "-gap.png"), "Client-visible gap per handoff vs " + x, x, "gap (ms)", log, e.getValue(),
                    Map.of("median", Results.Row::gap), true);
            Map<String, Function<Results.Row, Stats>> cpu = new LinkedHashMap<>();
            cpu.put("donate", Results.Row::cpuDonor);
            cpu.put("receive", Results.Row::cpuReceiver);
            chart(dir.resolve(e.getKey() + "-cpu.png"), "CPU time per handoff (dsco + application) vs " + x, x, "CPU per handoff (ms)", log,
                    e.getValue(), cpu, false);
        }
    }

    /** One series per variant and metric: the median, and for the gap also the 99th percentile. */
    private static void chart(Path file, String title, String xTitle, String yTitle, boolean logX, List<Results.Row> rows,
                              Map<String, Function<Results.Row, Stats>> metrics, boolean withP99) throws IOException {
        XYChart c = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        c.getStyler().setXAxisLogarithmic(logX);
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        Map<String, List<Results.Row>> byVariant = new LinkedHashMap<>();
        for (Results.Row row : rows) {
            byVariant.computeIfAbsent(row.variant(), v -> new java.util.ArrayList<>()).add(row);
        }
        for (Map.Entry<String, List<Results.Row>> v : byVariant.entrySet()) {
            for (Map.Entry<String, Function<Results.Row, Stats>> m : metrics.entrySet()) {
                List<Results.Row> pts = v.getValue().stream().filter(p -> m.getValue().apply(p).n() > 0).toList();
                if (pts.isEmpty()) {
                    continue;
                }
                double[] xs = pts.stream().mapToDouble(p -> logX ? Math.max(p.x(), 1) : p.x()).toArray();
                String label = (byVariant.size() > 1 ? v.getKey() + ", " : "") + m.getKey();
                c.addSeries(label + (withP99 ? "" : " (median)"), xs, pts.stream().mapToDouble(p -> m.getValue().apply(p).median()).toArray())
                        .setMarker(SeriesMarkers.CIRCLE);
                if (withP99) {
                    c.addSeries(label.replace("median", "") + "p99", xs, pts.stream().mapToDouble(p -> m.getValue().apply(p).p99()).toArray())
                            .setMarker(SeriesMarkers.DIAMOND);
                }
            }
        }
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
