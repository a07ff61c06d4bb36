package eu.xtreemos.ds.dsco.handoff;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a donating dsco must not forget if it dies mid-handoff: one small file per client in flight, with
 * the handoff id, the receiver and how far it got. A restarted dsco reads them to finish or undo each
 * handoff (docs/dsco-protocol.md, "Crash recovery"). Files are replaced atomically, so a reader never sees
 * half an entry.
 */
public final class HandoffJournal {
    /** How far a handoff got. */
    public enum Phase {
        /** The sockets may be frozen; the redirect has not been touched. */
        FREEZING,
        /** The HA may send the client to the receiver. */
        STEERED,
        /** The receiver has the client (kept a while, to answer a recovering application). */
        COMMITTED,
        /** Undone after a crash: the redirect points here again; the sockets wait to be re-activated. */
        TAKEN_BACK,
        /**
         * Receiving side: this node restores (or holds restored) the client's connections of handoff {@code id}
         * from {@code target}, not yet committed. A restarted dsco keeps such a client's packets from the stack
         * (which would answer them with resets) until the donor has surely switched it back.
         */
        PREPARED,
        /**
         * Receiving side: this node activates (or has activated) the client's connections of handoff {@code id}
         * from the donor {@code target}. Written before activating, so that a donor that lost the commit's
         * answer learns the truth from this node, from a restarted dsco too.
         */
        RECEIVED
    }

    public record Entry(String service, InetAddress client, long id, String target, Phase phase, long sinceMillis) {
    }

    private final Path dir;

    public HandoffJournal(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    public void write(Entry e) throws IOException {
        Path f = file(e.service(), e.client());
        // one temporary file per writer: a donor and a receiver thread may record the same client at once
        Path tmp = f.resolveSibling(f.getFileName() + "." + Thread.currentThread().getId() + ".tmp");
        Files.writeString(tmp, e.id() + " " + e.target() + " " + e.phase() + " " + e.sinceMillis() + "\n");
        try {
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException ex) {
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public void remove(String service, InetAddress client) throws IOException {
        Files.deleteIfExists(file(service, client));
    }

    public Entry read(String service, InetAddress client) throws IOException {
        Path f = file(service, client);
        return Files.exists(f) ? parse(f) : null;
    }

    /** Every readable entry; unreadable files are skipped (and left for an operator to look at). */
    public List<Entry> all() throws IOException {
        List<Entry> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.handoff")) {
            for (Path f : s) {
                Entry e = parse(f);
                if (e != null) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private Path file(String service, InetAddress client) {
        return dir.resolve(service + "_" + HexFormat.of().formatHex(client.getAddress()) + ".handoff");
    }

    private static Entry parse(Path f) {
        try {
            String name = f.getFileName().toString();
            int us = name.lastIndexOf('_');
            String service = name.substring(0, us);
            InetAddress client = InetAddress.getByAddress(HexFormat.of().parseHex(name.substring(us + 1, name.length() - ".handoff".length())));
            String[] w = new String(Files.readAllBytes(f), StandardCharsets.UTF_8).trim().split(" ");
            return new Entry(service, client, Long.parseLong(w[0]), w[1], Phase.valueOf(w[2]), Long.parseLong(w[3]));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
