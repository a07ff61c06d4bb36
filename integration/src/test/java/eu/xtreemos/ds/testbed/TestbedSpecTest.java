package eu.xtreemos.ds.testbed;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestbedSpecTest {
    @Test
    void defaults() {
        assertEquals(new TestbedSpec("ds", 1, 1, 1), new TestbedSpec());
    }

    @Test
    void acceptsTheLimits() {
        new TestbedSpec("abcdefg8", 9, 9, 255);
        new TestbedSpec("a", 1, 1, 0);
    }

    @Test
    void rejectsBadValuesNamingTheField() {
        assertRejected("name", "1-8", () -> new TestbedSpec("", 1, 1, 1));
        assertRejected("name", "[a-z0-9]", () -> new TestbedSpec("toolongname", 1, 1, 1));
        assertRejected("name", "[a-z0-9]", () -> new TestbedSpec("Ds", 1, 1, 1));
        assertRejected("name", "[a-z0-9]", () -> new TestbedSpec("d-s", 1, 1, 1));
        assertRejected("name", "null", () -> new TestbedSpec(null, 1, 1, 1));
        assertRejected("servers", "1..9", () -> new TestbedSpec("ds", 0, 1, 1));
        assertRejected("servers", "1..9", () -> new TestbedSpec("ds", 10, 1, 1));
        assertRejected("clients", "1..9", () -> new TestbedSpec("ds", 1, 0, 1));
        assertRejected("clients", "1..9", () -> new TestbedSpec("ds", 1, 10, 1));
        assertRejected("site", "0..255", () -> new TestbedSpec("ds", 1, 1, -1));
        assertRejected("site", "0..255", () -> new TestbedSpec("ds", 1, 1, 256));
    }

    private static void assertRejected(String field, String range, Runnable make) {
        String msg = assertThrows(IllegalArgumentException.class, make::run).getMessage();
        assertTrue(msg.startsWith(field + " ") && msg.contains(range), msg);
    }
}
