package eu.xtreemos.ds.kernel;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserNamespacesTest {
    private static String cat(String file) throws Exception {
        Process p = new ProcessBuilder("cat", file).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertEquals(0, p.waitFor());
        return out;
    }

    @Test
    void theOverflowIdsAreReadWholeAsCatShowsThem() throws Exception {
        assertEquals(Integer.parseInt(cat("/proc/sys/kernel/overflowuid")), UserNamespaces.overflowUid());
        assertEquals(Integer.parseInt(cat("/proc/sys/kernel/overflowgid")), UserNamespaces.overflowGid());
        assertTrue(UserNamespaces.overflowUid() > 9, "more than one digit on any usual kernel (65534)");
    }

    @Test
    void onlyTheIdentityMapIsTheHosts() {
        assertTrue(UserNamespaces.isIdentityMap("         0          0 4294967295\n"));
        assertFalse(UserNamespaces.isIdentityMap("         0       1000          1\n"));
        assertFalse(UserNamespaces.isIdentityMap("         0          0      65536\n"));
    }
}
