package eu.xtreemos.ds.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** ds-bench's plots, inspected as XChart objects before they are encoded, and the files they become. */
class PlotsTest {
    @TempDir
    Path dir;

    /** 1, 2, …, 100 times {@code scale}: median 50 × scale, p99 99 × scale. */
    private static Stats hundred(double scale) {
        List<Double> xs = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            xs.add(i * scale);
        }
        return Stats.of(xs);
    }

    private static void point(Results r, String scenario, String variant, double x, double load) {
        Stats s = hundred(x + 1);
        r.add(new Results.Row(scenario, variant, x, s, s, hundred(2 * (x + 1)), hundred(3 * (x + 1)), "", Double.NaN, load));
    }

    /** The points of a full run: every scenario's parameter as HandoffBenchmark steps it. */
    private static Results run() {
        Results r = new Results();
        for (double x : new double[] {1, 10, 100, 1000}) {
            point(r, "connections", "hold, flush", x, 4.5);
        }
        for (String v : List.of("hold, flush", "hold, no flush")) {
            for (double x : new double[] {0, 16, 64, 256, 1024}) {
                point(r, "unsent", v, x, x == 1024 ? 6.0 : 4.5);
            }
        }
        for (double x : new double[] {1, 4, 16, 64}) {
            point(r, "concurrent", "hold, flush", x, 4.5);
        }
        for (double x : new double[] {2, 3, 4, 5}) {
            point(r, "nodes", "hold, flush", x, 4.5);
        }
        point(r, "redistribute", "hold, flush", 30, 4.5); // not a curve
        return r;
    }

    @Test
    void everyCurveIsAGapAndACpuFileOfTwoPanelsMedianThenP99() {
        Map<String, List<XYChart>> charts = Plots.charts(run());
        assertEquals(Set.of("connections-gap.png", "connections-cpu.png", "unsent-gap.png", "unsent-cpu.png", "concurrent-gap.png",
                "concurrent-cpu.png", "nodes-gap.png", "nodes-cpu.png"), charts.keySet());
        for (Map.Entry<String, List<XYChart>> e : charts.entrySet()) {
            List<XYChart> panels = e.getValue();
            assertEquals(2, panels.size(), e.getKey());
            assertTrue(panels.get(0).getTitle().contains(": median"), panels.get(0).getTitle());
            assertTrue(panels.get(1).getTitle().contains(": p99"), panels.get(1).getTitle());
        }
    }

    @Test
    void theMedianPanelShowsMediansAndTheP99PanelP99s() {
        List<XYChart> gap = Plots.charts(run()).get("concurrent-gap.png");
        // x = 1, 4, 16, 64: the gap is (x + 1) × 1..100
        assertArrayEquals(new double[] {100, 250, 850, 3250}, gap.get(0).getSeriesMap().get("gap").getYData());
        assertArrayEquals(new double[] {198, 495, 1683, 6435}, gap.get(1).getSeriesMap().get("gap").getYData());
        List<XYChart> cpu = Plots.charts(run()).get("concurrent-cpu.png");
        assertArrayEquals(new double[] {200, 500, 1700, 6500}, cpu.get(0).getSeriesMap().get("donate").getYData());
        assertArrayEquals(new double[] {594, 1485, 5049, 19305}, cpu.get(1).getSeriesMap().get("receive").getYData());
    }

    @Test
    void theXAxisIsLogarithmicWhereThePointsMultiplyAndLinearForNodes() {
        Map<String, List<XYChart>> charts = Plots.charts(run());
        for (String scenario : List.of("connections", "unsent", "concurrent")) {
            for (XYChart c : charts.get(scenario + "-gap.png")) {
                assertTrue(c.getStyler().isXAxisLogarithmic(), scenario);
                assertTrue(c.getXAxisTitle().contains("log scale"), c.getXAxisTitle());
            }
        }
        for (XYChart c : charts.get("nodes-cpu.png")) {
            assertFalse(c.getStyler().isXAxisLogarithmic());
            assertArrayEquals(new double[] {2, 3, 4, 5}, c.getSeriesMap().get("donate").getXData());
        }
    }

    @Test
    void zeroOnALogAxisIsDrawnAtOneAndTheAxisSaysSo() {
        XYChart c = Plots.charts(run()).get("unsent-gap.png").get(0);
        XYSeries flush = c.getSeriesMap().get("hold, flush");
        assertArrayEquals(new double[] {1, 16, 64, 256, 1024}, flush.getXData());
        assertTrue(c.getXAxisTitle().contains("0 drawn at 1"), c.getXAxisTitle());
        assertFalse(Plots.charts(run()).get("concurrent-gap.png").get(0).getXAxisTitle().contains("0 drawn"));
    }

    @Test
    void everyPanelNamesItsNAndTheLoad() {
        Map<String, List<XYChart>> charts = Plots.charts(run());
        for (XYChart c : charts.get("connections-cpu.png")) {
            assertTrue(c.getTitle().contains("n 100 per point, load 4.5 (1 min)"), c.getTitle());
        }
        for (XYChart c : charts.get("unsent-gap.png")) {
            assertTrue(c.getTitle().contains("load 4.5–6.0 (1 min)"), c.getTitle());
        }
        Results few = new Results();
        few.add(new Results.Row("nodes", "hold, flush", 2, Stats.of(List.of(1.0, 2.0, 3.0)), hundred(1), hundred(1), hundred(1), "",
                Double.NaN, 1));
        few.add(new Results.Row("nodes", "hold, flush", 3, Stats.of(List.of(1.0)), hundred(1), hundred(1), hundred(1), "",
                Double.NaN, 1));
        assertTrue(Plots.charts(few).get("nodes-gap.png").get(1).getTitle().contains("n 1–3 per point"));
    }

    @Test
    void aScenarioWithOnePointHasNoPlot() {
        Results r = new Results();
        point(r, "nodes", "hold, flush", 2, 1);
        assertTrue(Plots.charts(r).isEmpty());
    }

    @Test
    void theFilesArePngsWithThePanelsSideBySide() throws Exception {
        Plots.write(run(), dir);
        for (String name : Plots.charts(run()).keySet()) {
            BufferedImage png = ImageIO.read(dir.resolve(name).toFile());
            assertNotNull(png, name);
            assertTrue(png.getWidth() >= 2 * png.getHeight(), name + ": " + png.getWidth() + "×" + png.getHeight());
        }
    }
}
