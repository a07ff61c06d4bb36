package eu.xtreemos.ds.bench;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of a run, by scenario: one row per measured point, written as CSV. */
final class Results {
    /** {@code load1}: the machine's 1-minute load average when the point was recorded, at the end of its series. */
    record Row(String scenario, String variant, double x, Stats gap, Stats millis, Stats cpuDonor, Stats cpuReceiver, String note,
               double floorMs, double load1) {
    }

    private final Map<String, List<Row>> byScenario = new LinkedHashMap<>();

    synchronized void add(String scenario, String variant, double x, Stats gap, Stats millis, Stats cpuDonor, Stats cpuReceiver,
                          String note) {
        add(scenario, variant, x, gap, millis, cpuDonor, cpuReceiver, note, Double.NaN);
    }

    /** A point with the {@link Floor} of its handoffs, ms (NaN: none), and the machine's load now. */
    void add(String scenario, String variant, double x, Stats gap, Stats millis, Stats cpuDonor, Stats cpuReceiver,
             String note, double floorMs) {
        add(new Row(scenario, variant, x, gap, millis, cpuDonor, cpuReceiver, note, floorMs, ProcStats.load1()));
    }

    synchronized void add(Row row) {
        byScenario.computeIfAbsent(row.scenario(), s -> new ArrayList<>()).add(row);
    }

    synchronized Map<String, List<Row>> all() {
        return new LinkedHashMap<>(byScenario);
    }

    static final String[] HEADER = {"variant", "x", "n", "gap_ms_median", "gap_ms_p99", "gap_ms_worst", "request_ms_median",
            "request_ms_p99", "request_ms_worst", "cpu_donate_ms_median", "cpu_donate_ms_p99", "cpu_donate_ms_worst",
            "cpu_receive_ms_median", "cpu_receive_ms_p99", "cpu_receive_ms_worst", "note",
            // appended, so the columns before keep their places
            "floor_ms", "gap_median_floors", "gap_p99_floors", "load1"};

    /**
     * One CSV file per scenario, {@code SCENARIO.csv}, in RFC 4180 form: a value holding a comma, a quote or a line
     * break (a variant such as "hold, flush", a note) is quoted, so every row keeps its columns.
     */
    void write(Path dir) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader(HEADER).setRecordSeparator('\n').get();
        for (Map.Entry<String, List<Row>> e : all().entrySet()) {
            try (Writer w = Files.newBufferedWriter(dir.resolve(e.getKey() + ".csv"), StandardCharsets.UTF_8);
                 CSVPrinter csv = new CSVPrinter(w, format)) {
                for (Row r : e.getValue()) {
                    List<Object> values = new ArrayList<>(List.of(r.variant(), r.x(), r.millis().n()));
                    for (Stats st : List.of(r.gap(), r.millis(), r.cpuDonor(), r.cpuReceiver())) {
                        values.add(number(st.median()));
                        values.add(number(st.p99()));
                        values.add(number(st.worst()));
                    }
                    values.add(r.note());
                    values.add(number(r.floorMs()));
                    values.add(number(ratio(r.gap().median(), r.floorMs())));
                    values.add(number(ratio(r.gap().p99(), r.floorMs())));
                    values.add(String.format(Locale.ROOT, "%.2f", r.load1()));
                    csv.printRecord(values);
                }
            }
        }
    }

    private static double ratio(double ms, double floorMs) {
        return floorMs > 0 ? ms / floorMs : Double.NaN;
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
