package eu.xtreemos.ds.dsco.protect;

import java.util.Collection;
import java.util.TreeSet;

/**
 * Which node is a serving node's backup: the next live node after it in the ring of node names, sorted, leaving out
 * the contact node while another node can do it (the contact node takes every new client; taking over a dead node's
 * clients too would make it the bottleneck the group exists to avoid). Every dsco computes it alike from the
 * membership group's view, so the serving node sends its checkpoints to the node that alone will take its clients
 * over, and a node that is no longer the backup knows to drop what it holds.
 */
public final class BackupRing {
    private BackupRing() {
    }

    /**
     * The backup of {@code serving} among {@code live} (which may include it), with {@code contact} the contact node
     * (null: none known), or null when no other node lives.
     */
    public static String backupOf(String serving, Collection<String> live, String contact) {
        TreeSet<String> ring = new TreeSet<>(live);
        ring.remove(serving);
        if (contact != null && (ring.size() > 1 || !ring.contains(contact))) {
            ring.remove(contact);
        }
        if (ring.isEmpty()) {
            return null;
        }
        String next = ring.higher(serving);
        return next != null ? next : ring.first();
    }
}
