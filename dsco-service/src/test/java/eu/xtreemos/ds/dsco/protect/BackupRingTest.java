package eu.xtreemos.ds.dsco.protect;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which node backs up which: the next live node in the sorted ring, the same on every node whatever the view's order. */
class BackupRingTest {
    @Test
    void theNextLiveNodeInNameOrderWrappingAroundWithoutTheContactNode() {
        List<String> live = List.of("server2", "contact", "server1", "server3"); // oldest first, as the group lists them
        assertEquals("server1", BackupRing.backupOf("contact", live, "contact"));
        assertEquals("server2", BackupRing.backupOf("server1", live, "contact"));
        assertEquals("server1", BackupRing.backupOf("server3", live, "contact"), "past the last name, the first but the contact");
        assertEquals("contact", BackupRing.backupOf("server3", live, "server2"), "the contact node moved: so does the exclusion");
        assertEquals("contact", BackupRing.backupOf("server3", live, null), "no contact node known: every node is in the ring");
    }

    @Test
    void aDeadNodeIsSkippedAndTheContactNodeBacksUpOnlyWhenNoOtherNodeCan() {
        assertEquals("server2", BackupRing.backupOf("server1", List.of("contact", "server2"), "contact"),
                "the view without the node that left");
        assertEquals("contact", BackupRing.backupOf("server2", List.of("contact", "server2"), "contact"));
        assertEquals("server2", BackupRing.backupOf("contact", List.of("contact", "server2"), "contact"));
    }

    @Test
    void aNodeAloneHasNoBackup() {
        assertNull(BackupRing.backupOf("server1", List.of("server1"), "contact"));
        assertNull(BackupRing.backupOf("server1", List.of(), "contact"));
    }
}
