package eu.xtreemos.ds.dsco.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small checker of the Prometheus text format 0.0.4, as a scraper reads it: HELP/TYPE comments, sample lines
 * with a metric name, optional labels and a number; every family's TYPE before its samples and its samples
 * together; a histogram's buckets cumulative and ending with {@code le="+Inf"} equal to its {@code _count}.
 * Returns the samples by their full text ({@code name{labels}}) or throws naming the line that is wrong.
 */
final class PrometheusFormat {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\"\\\\n])*\"";
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(?:" + LABEL + ")(?:," + LABEL + ")*\\})? "
            + "(-?[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|\\+Inf|-Inf|NaN)");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) (" + NAME + ") (.*)");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    private PrometheusFormat() {
    }

    static Map<String, Double> parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition does not end with a newline");
        }
        Map<String, String> types = new HashMap<>();
        Set<String> finished = new HashSet<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        String current = null;
        List<Double> buckets = new ArrayList<>();
        int n = 0;
        for (String line : text.split("\n")) {
            n++;
            Matcher c = COMMENT.matcher(line);
            if (c.matches()) {
                String family = c.group(2);
                if (finished.contains(family) || (c.group(1).equals("TYPE") && types.containsKey(family))) {
                    throw new IllegalArgumentException("line " + n + ": " + family + " described twice");
                }
                if (c.group(1).equals("TYPE")) {
                    if (!TYPES.contains(c.group(3))) {
                        throw new IllegalArgumentException("line " + n + ": unknown type '" + c.group(3) + "'");
                    }
                    types.put(family, c.group(3));
                }
                continue;
            }
            Matcher s = SAMPLE.matcher(line);
            if (!s.matches()) {
                throw new IllegalArgumentException("line " + n + " is not a sample: '" + line + "'");
            }
            String family = familyOf(s.group(1), types);
            if (family == null) {
                throw new IllegalArgumentException("line " + n + ": sample of " + s.group(1) + " before its TYPE");
            }
            if (!family.equals(current)) {
                if (current != null) {
                    finished.add(current);
                }
                if (finished.contains(family)) {
                    throw new IllegalArgumentException("line " + n + ": samples of " + family + " are not together");
                }
                current = family;
            }
            double v = s.group(3).equals("+Inf") ? Double.POSITIVE_INFINITY : s.group(3).equals("-Inf")
                    ? Double.NEGATIVE_INFINITY : Double.parseDouble(s.group(3));
            String key = s.group(1) + (s.group(2) == null ? "" : s.group(2));
            if (samples.put(key, v) != null) {
                throw new IllegalArgumentException("line " + n + ": " + key + " twice");
            }
            if (types.get(family).equals("histogram")) {
                checkHistogram(n, s.group(1), key, v, buckets, samples);
            }
        }
        return samples;
    }

    /** Counters and gauges: the name itself; histogram samples: the name less _bucket, _sum, _count. */
    private static String familyOf(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if ("histogram".equals(types.get(base))) {
                    return base;
                }
            }
        }
        return null;
    }

    private static void checkHistogram(int n, String name, String key, double v, List<Double> buckets, Map<String, Double> samples) {
        if (name.endsWith("_bucket")) {
            if (!key.contains("le=\"")) {
                throw new IllegalArgumentException("line " + n + ": a bucket without le");
            }
            if (!buckets.isEmpty() && v < buckets.get(buckets.size() - 1)) {
                throw new IllegalArgumentException("line " + n + ": buckets are not cumulative");
            }
            buckets.add(v);
        } else if (name.endsWith("_count")) {
            String inf = key.replace("_count{", "_bucket{").replace("}", ",le=\"+Inf\"}");
            if (!Double.valueOf(v).equals(samples.get(inf))) {
                throw new IllegalArgumentException("line " + n + ": _count " + v + " is not the +Inf bucket " + samples.get(inf));
            }
            buckets.clear();
        }
    }
}
