package eu.xtreemos.ds.testbed;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserNamespaceSandboxTest {
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
