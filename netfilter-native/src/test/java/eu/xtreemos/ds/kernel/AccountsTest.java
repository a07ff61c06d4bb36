package eu.xtreemos.ds.kernel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Names resolve as getent(1) resolves them: both go through NSS. */
class AccountsTest {
    @Test
    void rootAndNobodyResolveAsGetentSaysTheyDo() throws Exception {
        assertEquals(OptionalInt.of(0), Accounts.uid("root"));
        assertEquals(OptionalInt.of(0), Accounts.gid("root"));
        assertEquals(OptionalInt.of(getentId("passwd", "nobody")), Accounts.uid("nobody"));
        String nogroup = getentId("group", "nogroup") >= 0 ? "nogroup" : "nobody";
        assertEquals(OptionalInt.of(getentId("group", nogroup)), Accounts.gid(nogroup));
    }

    @Test
    void anUnknownNameIsEmptyNotAnError() throws Exception {
        assertEquals(OptionalInt.empty(), Accounts.uid("no-such-user-ds4j"));
        assertEquals(OptionalInt.empty(), Accounts.gid("no-such-group-ds4j"));
    }

    @Test
    void aNameThatCannotBeOneIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Accounts.uid(""));
        assertTrue(e.getMessage().contains("not a user name"), e.getMessage());
    }

    /** The third field of getent's answer, or -1 when it knows no such entry. */
    private static int getentId(String database, String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("getent", database, name).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return p.exitValue() == 0 ? Integer.parseInt(out.split(":")[2]) : -1;
    }
}
