package eu.xtreemos.ds.dsco.protect;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which node backs up which: the next live node in the sorted ring, the same on every node whatever the view's order. */
class BackupRingTest {
    @Test
    void theNextLiveNodeInNameOrderWrappingAround() {
        List<String> live = List.of("server2", "contact", "server1"); // oldest first, as the group lists them
        assertEquals("server1", BackupRing.backupOf("contact", live));
        assertEquals("server2", BackupRing.backupOf("server1", live));
        assertEquals("contact", BackupRing.backupOf("server2", live), "past the last name, the first");
    }

    @Test
    void aDeadNodeIsSkippedAndTheServingNodeNeedNotBeInTheView() {
        assertEquals("server2", BackupRing.backupOf("contact", List.of("contact", "server2")));
        assertEquals("server2", BackupRing.backupOf("server1", List.of("contact", "server2")), "the view without the node that left");
    }

    @Test
    void aNodeAloneHasNoBackup() {
        assertNull(BackupRing.backupOf("server1", List.of("server1")));
        assertNull(BackupRing.backupOf("server1", List.of()));
    }
}
