package eu.xtreemos.ds.dsco.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shows dsco's STATS reply (dotted keys in dsco's order): as a table for people, or as JSON, nested by the keys'
 * dots, numbers as numbers and "no value" ({@code -}) as null.
 */
final class StatsFormat {
    private StatsFormat() {
    }

    /** Groups of {@code group.name} as "group  name value ..." lines, groups of {@code group.row.column} as tables. */
    static String table(Map<String, String> stats) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Map<String, Object>> g : nest(stats).entrySet()) {
            Map<String, Object> items = g.getValue();
            boolean tabular = items.values().stream().allMatch(v -> v instanceof Map);
            if (!tabular) {
                out.append(String.format(Locale.ROOT, "%-12s", g.getKey()));
                items.forEach((k, v) -> out.append(' ').append(k).append(' ').append(v));
                out.append('\n');
                continue;
            }
            List<String> columns = new ArrayList<>();
            for (Object row : items.values()) {
                for (String c : cells(row).keySet()) {
                    if (!columns.contains(c)) {
                        columns.add(c);
                    }
                }
            }
            out.append(String.format(Locale.ROOT, "%-14s", g.getKey()));
            columns.forEach(c -> out.append(String.format(Locale.ROOT, " %10s", c)));
            out.append('\n');
            items.forEach((row, cells) -> {
                out.append(String.format(Locale.ROOT, "  %-12s", row));
                columns.forEach(c -> out.append(String.format(Locale.ROOT, " %10s", cells(cells).getOrDefault(c, "-"))));
                out.append('\n');
            });
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cells(Object row) {
        return (Map<String, Object>) row;
    }

    static String json(Map<String, String> stats) {
        StringBuilder out = new StringBuilder();
        write(out, nest(stats));
        return out.append('\n').toString();
    }

    private static Map<String, Map<String, Object>> nest(Map<String, String> stats) {
        Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
        stats.forEach((key, value) -> {
            String[] parts = key.split("\\.", 3);
            if (parts.length < 2) {
                throw new IllegalArgumentException("dsco sent a stats key without a group: '" + key + "'");
            }
            Map<String, Object> g = groups.computeIfAbsent(parts[0], k -> new LinkedHashMap<>());
            if (parts.length == 2) {
                g.put(parts[1], value);
            } else {
                cells(g.computeIfAbsent(parts[1], k -> new LinkedHashMap<String, Object>())).put(parts[2], value);
            }
        });
        return groups;
    }

    private static void write(StringBuilder out, Map<String, ?> m) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, ?> e : m.entrySet()) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            string(out, e.getKey());
            out.append(": ");
            if (e.getValue() instanceof Map<?, ?> inner) {
                write(out, cells(inner));
            } else {
                value(out, (String) e.getValue());
            }
        }
        out.append('}');
    }

    private static void value(StringBuilder out, String v) {
        if (v.equals("-")) {
            out.append("null");
        } else if (v.matches("-?[0-9]+(\\.[0-9]+)?")) {
            out.append(v);
        } else {
            string(out, v);
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
