package eu.xtreemos.ds.bench;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** ds-bench's CSV files, read back as a spreadsheet or a plotting script would read them. */
class ResultsTest {
    @TempDir
    Path dir;

    @Test
    void valuesWithCommasAndQuotesKeepTheirColumns() throws Exception {
        Results r = new Results();
        Stats gap = Stats.of(List.of(3.5, 4.0, 12.25));
        Stats none = Stats.of(List.of());
        r.add("baselines", "hold, flush", 1, gap, gap, gap, gap, "", 0.5);
        r.add("baselines", "drop, flush", 3, gap, gap, none, none, "bytes 42, errors 0; \"quoted\"\nsecond line");
        r.write(dir);

        List<CSVRecord> rows;
        try (Reader in = Files.newBufferedReader(dir.resolve("baselines.csv"));
             CSVParser p = CSVParser.builder().setReader(in).setFormat(CSVFormat.RFC4180.builder().setHeader().get()).get()) {
            assertEquals(List.of(Results.HEADER), p.getHeaderNames());
            rows = p.getRecords();
        }
        assertEquals(2, rows.size());
        for (CSVRecord row : rows) {
            assertEquals(Results.HEADER.length, row.size(), "columns of " + row);
        }
        assertEquals("hold, flush", rows.get(0).get("variant"));
        assertEquals("1.0", rows.get(0).get("x"));
        assertEquals("3", rows.get(0).get("n"));
        assertEquals(4.0, Double.parseDouble(rows.get(0).get("gap_ms_median")));
        assertEquals(12.25, Double.parseDouble(rows.get(0).get("cpu_receive_ms_worst")));
        assertEquals("drop, flush", rows.get(1).get("variant"));
        assertEquals("NaN", rows.get(1).get("cpu_donate_ms_median"), "a figure not measured");
        assertEquals("bytes 42, errors 0; \"quoted\"\nsecond line", rows.get(1).get("note"));
        assertEquals("note", Results.HEADER[15], "the floor's columns come after the ones before them");
        assertEquals(0.5, Double.parseDouble(rows.get(0).get("floor_ms")));
        assertEquals(8.0, Double.parseDouble(rows.get(0).get("gap_median_floors")));
        assertEquals(24.5, Double.parseDouble(rows.get(0).get("gap_p99_floors")));
        assertEquals("NaN", rows.get(1).get("floor_ms"), "a point without a floor");
        assertEquals("load1", Results.HEADER[Results.HEADER.length - 1], "the load comes after the columns before it");
        assertTrue(Double.parseDouble(rows.get(0).get("load1")) >= 0, "the machine's load when the point was added");
    }

    @Test
    void eachPointCarriesTheLoadItWasMeasuredAt() throws Exception {
        Results r = new Results();
        Stats s = Stats.of(List.of(1.0));
        r.add(new Results.Row("nodes", "hold, flush", 2, s, s, s, s, "", Double.NaN, 2.5));
        r.write(dir);
        try (Reader in = Files.newBufferedReader(dir.resolve("nodes.csv"));
             CSVParser p = CSVParser.builder().setReader(in).setFormat(CSVFormat.RFC4180.builder().setHeader().get()).get()) {
            assertEquals("2.50", p.getRecords().get(0).get("load1"));
        }
    }
}
