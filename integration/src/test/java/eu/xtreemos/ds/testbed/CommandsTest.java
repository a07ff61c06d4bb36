package eu.xtreemos.ds.testbed;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandsTest {
    @Test
    void returnsStdout() {
        assertEquals("hello\n", Commands.check("echo", "hello"));
    }

    @Test
    void failureNamesCommandExitCodeAndStderr() {
        var e = assertThrows(Commands.CommandException.class,
                () -> Commands.check("sh", "-c", "echo oops >&2; exit 3"));
        assertTrue(e.getMessage().contains("sh -c echo oops >&2; exit 3 failed with exit code 3: oops"), e.getMessage());
        assertEquals(3, e.result().exitCode());
    }

    @Test
    void missingProgramAndTimeoutAreClear() {
        assertTrue(assertThrows(Commands.CommandException.class, () -> Commands.check("no-such-program-ds"))
                .getMessage().startsWith("cannot run no-such-program-ds"));
        long t0 = System.nanoTime();
        var e = assertThrows(Commands.CommandException.class, () -> Commands.run(Duration.ofMillis(200), "sleep", "10"));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
    }
}
