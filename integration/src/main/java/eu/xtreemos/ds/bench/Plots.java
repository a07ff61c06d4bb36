package eu.xtreemos.ds.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The curves as PNG files: per scenario, the gap and the CPU per handoff against the scenario's parameter.
 * Each file holds two panels side by side, the median on the left and the p99 on the right, each with its own y
 * axis from 0: the p99 is often many times the median, and on one shared linear axis the medians would be a flat
 * line at the bottom. Every panel's title gives n (handoffs per point) and the machine's 1-minute load over the
 * scenario's points. Percentiles: nearest rank ({@link Stats}).
 */
final class Plots {
    /**
     * How a scenario's parameter is laid out: logarithmic where its points multiply (×4, ×10), so they are evenly
     * spaced where a linear axis would crowd all but the last at the left; else linear.
     */
    record Axis(String title, boolean log) {
    }

    static final Map<String, Axis> AXES = Map.of(
            "connections", new Axis("connections per client", true),                  // 1, 10, 100, 1000
            "unsent", new Axis("unsent KiB in each send queue at the handoff", true),  // 0, 16, 64, 256, 1024
            "concurrent", new Axis("clients handed off at once", true),               // 1, 4, 16, 64
            "nodes", new Axis("nodes", false));                                       // 2, 3, 4, 5

    private static final int PANEL_WIDTH = 640;
    private static final int PANEL_HEIGHT = 460;

    private Plots() {
    }

    static void write(Results r, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        for (Map.Entry<String, List<XYChart>> e : charts(r).entrySet()) {
            BitmapEncoder.saveBitmap(e.getValue(), 1, e.getValue().size(), dir.resolve(e.getKey()).toString(),
                    BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /** The file names ({@code SCENARIO-gap.png}, {@code SCENARIO-cpu.png}) with their panels, median then p99. */
    static Map<String, List<XYChart>> charts(Results r) {
        Map<String, List<XYChart>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Results.Row>> e : r.all().entrySet()) {
            Axis axis = AXES.get(e.getKey());
            if (axis == null || e.getValue().size() < 2) {
                continue;
            }
            Map<String, Function<Results.Row, Stats>> gap = Map.of("gap", Results.Row::gap);
            Map<String, Function<Results.Row, Stats>> cpu = new LinkedHashMap<>();
            cpu.put("donate", Results.Row::cpuDonor);
            cpu.put("receive", Results.Row::cpuReceiver);
            out.put(e.getKey() + "-gap.png", panels("Client-visible gap per handoff", "gap (ms)", axis, e.getValue(), gap));
            out.put(e.getKey() + "-cpu.png", panels("CPU per handoff (dsco + application)", "CPU per handoff (ms)", axis,
                    e.getValue(), cpu));
        }
        return out;
    }

    private static List<XYChart> panels(String what, String yTitle, Axis axis, List<Results.Row> rows,
                                        Map<String, Function<Results.Row, Stats>> metrics) {
        String subtitle = "n " + range(rows, p -> metrics.values().iterator().next().apply(p).n(), "%.0f") + " per point, load "
                + range(rows, Results.Row::load1, "%.1f") + " (1 min)";
        return List.of(panel(what + ": median", subtitle, yTitle, axis, rows, metrics, Stats::median),
                panel(what + ": p99", subtitle, yTitle, axis, rows, metrics, Stats::p99));
    }

    /** One series per variant and metric. */
    private static XYChart panel(String what, String subtitle, String yTitle, Axis axis, List<Results.Row> rows,
                                 Map<String, Function<Results.Row, Stats>> metrics, ToDoubleFunction<Stats> figure) {
        XYChart c = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(what + " (" + subtitle + ")")
                .xAxisTitle(xTitle(axis, rows)).yAxisTitle(yTitle).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(12f));
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        c.getStyler().setAxisTitleFont(c.getStyler().getAxisTitleFont().deriveFont(11f));
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setXAxisLogarithmic(axis.log());
        if (axis.log()) { // from decade to decade: XChart labels a log axis at the powers of 10 only
            double lo = rows.stream().mapToDouble(r -> position(axis, r.x())).min().orElse(1);
            double hi = rows.stream().mapToDouble(r -> position(axis, r.x())).max().orElse(10);
            c.getStyler().setXAxisMin(Math.pow(10, Math.floor(Math.log10(lo))));
            c.getStyler().setXAxisMax(Math.pow(10, Math.max(Math.ceil(Math.log10(hi)), Math.floor(Math.log10(lo)) + 1)));
        }
        Map<String, List<Results.Row>> byVariant = new LinkedHashMap<>();
        for (Results.Row row : rows) {
            byVariant.computeIfAbsent(row.variant(), v -> new ArrayList<>()).add(row);
        }
        for (Map.Entry<String, List<Results.Row>> v : byVariant.entrySet()) {
            for (Map.Entry<String, Function<Results.Row, Stats>> m : metrics.entrySet()) {
                List<Results.Row> pts = v.getValue().stream().filter(p -> m.getValue().apply(p).n() > 0).toList();
                if (pts.isEmpty()) {
                    continue;
                }
                String label = byVariant.size() == 1 ? m.getKey() : metrics.size() == 1 ? v.getKey() : v.getKey() + ", " + m.getKey();
                c.addSeries(label, pts.stream().mapToDouble(p -> position(axis, p.x())).toArray(),
                        pts.stream().mapToDouble(p -> figure.applyAsDouble(m.getValue().apply(p))).toArray()).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return c;
    }

    /**
     * Where x is drawn: x itself, but 0 on a log axis, which has no place for it, at 1 (the axis title says so).
     */
    static double position(Axis axis, double x) {
        return axis.log() ? Math.max(x, 1) : x;
    }

    private static String xTitle(Axis axis, List<Results.Row> rows) {
        if (!axis.log()) {
            return axis.title();
        }
        return axis.title() + " (log scale" + (rows.stream().anyMatch(r -> r.x() <= 0) ? ", 0 drawn at 1)" : ")");
    }

    /** "a" or "a–b", the range of a figure over the points. */
    private static String range(List<Results.Row> rows, ToDoubleFunction<Results.Row> f, String fmt) {
        double lo = rows.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).min().orElse(Double.NaN);
        double hi = rows.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
        if (Double.isNaN(lo)) {
            return "?";
        }
        String a = String.format(Locale.ROOT, fmt, lo), b = String.format(Locale.ROOT, fmt, hi);
        return a.equals(b) ? a : a + "–" + b;
    }
}
