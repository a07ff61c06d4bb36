package eu.xtreemos.ds.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of a run, by scenario: one row per measured point, written as CSV. */
final class Results {
    record Row(String scenario, String variant, double x, Stats gap, Stats millis, Stats cpuDonor, Stats cpuReceiver, String note) {
    }

    private final Map<String, List<Row>> byScenario = new LinkedHashMap<>();

    synchronized void add(String scenario, String variant, double x, Stats gap, Stats millis, Stats cpuDonor, Stats cpuReceiver,
                          String note) {
        byScenario.computeIfAbsent(scenario, s -> new ArrayList<>()).add(new Row(scenario, variant, x, gap, millis, cpuDonor, cpuReceiver, note));
    }

    synchronized Map<String, List<Row>> all() {
        return new LinkedHashMap<>(byScenario);
    }

    void write(Path dir) throws IOException {
        for (Map.Entry<String, List<Row>> e : all().entrySet()) {
            StringBuilder b = new StringBuilder("variant,x,n,gap_ms_median,gap_ms_p99,gap_ms_worst,request_ms_median,request_ms_p99,"
                    + "request_ms_worst,cpu_donate_ms_median,cpu_donate_ms_p99,cpu_donate_ms_worst,cpu_receive_ms_median,"
                    + "cpu_receive_ms_p99,cpu_receive_ms_worst,note\n");
            for (Row r : e.getValue()) {
                b.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%s,%s,%s,%s%n", r.variant(), r.x(), r.millis().n(), csv(r.gap()), csv(r.millis()),
                        csv(r.cpuDonor()), csv(r.cpuReceiver()), r.note()));
            }
            Files.writeString(dir.resolve(e.getKey() + ".csv"), b.toString());
        }
    }

    private static String csv(Stats s) {
        return String.format(Locale.ROOT, "%.4f,%.4f,%.4f", s.median(), s.p99(), s.worst());
    }
}
