package eu.xtreemos.ds.testbed;

import eu.xtreemos.ds.kernel.UserNamespaces;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserNamespaceSandboxTest {
    @Test
    void theHostsUidMapIsTheIdentityAndARootlessTestbedsIsNot() {
        assertTrue(UserNamespaces.isIdentityMap("         0          0 4294967295\n"));
        assertFalse(UserNamespaces.isIdentityMap("         0       1000          1\n"));
        assertFalse(UserNamespaces.isIdentityMap("         0          0 65536\n"));
    }

    @Test
    void theDirectoryIsPerUserAndPerTestbedAndTheNameIsChecked() {
        assertEquals("/tmp/ds-testbed-" + UserNamespaceSandbox.currentUid() + "/ds", UserNamespaceSandbox.dirOf("ds").toString());
        assertThrows(IllegalArgumentException.class, () -> UserNamespaceSandbox.dirOf("../etc"));
    }

    @Test
    void thereIsNoSandboxOfATestbedNeverBroughtUp() {
        assertTrue(UserNamespaceSandbox.find("nosuch9").isEmpty());
    }
}
