package eu.xtreemos.ds.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Median, 99th percentile and worst of a sample (nearest-rank percentiles). */
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
        return new Stats(s.size(), rank(s, 0.5), rank(s, 0.99), s.get(s.size() - 1));
    }

    private static double rank(List<Double> s, double q) {
        int i = (int) Math.ceil(q * s.size()) - 1;
        return s.get(Math.max(0, Math.min(s.size() - 1, i)));
    }

    /** "median / p99 / worst" with the given number format. */
    String format(String fmt) {
        if (n == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, fmt + " / " + fmt + " / " + fmt, median, p99, worst);
    }
}
