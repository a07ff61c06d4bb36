package eu.xtreemos.ds.bench;

import eu.xtreemos.ds.dsco.metrics.Percentiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Median, 99th percentile and worst of a sample, by the project's one definition ({@link Percentiles}: nearest rank). */
record Stats(int n, double median, double p99, double worst) {
    static Stats of(List<Double> xs) {
        List<Double> s = new ArrayList<>();
        for (Double x : xs) {
            if (x != null && !x.isNaN()) {
                s.add(x);
            }
        }
        if (s.isEmpty()) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
        }
        s.sort(null);
        return new Stats(s.size(), Percentiles.of(s, 50), Percentiles.of(s, 99), s.get(s.size() - 1));
    }

    /** "median / p99 / worst" with the given number format. */
    String format(String fmt) {
        if (n == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, fmt + " / " + fmt + " / " + fmt, median, p99, worst);
    }
}
