package eu.xtreemos.ds.dsco.handoff;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a donating dsco must not forget if it dies mid-handoff: for each client in flight, the handoff id,
 * the receiver and how far it got. A restarted dsco reads it to finish or undo each handoff
 * (docs/dsco-protocol.md, "Crash recovery").
 *
 * <p>One append-only file, {@code journal.log}, kept open: each change is one line written with one
 * {@code write} (no file created or renamed per handoff phase: that cost ≈ 1 ms a phase on this machine's
 * disk), and the current entries are kept in memory. A line is in the page cache once {@code write}
 * returns, so it survives a crash of dsco (as the former file per client did; neither survives a crash of
 * the machine, after which no socket survives either). A line cut short by a crash does not parse and is
 * skipped. The file is rewritten with only the current entries when it opens and when it has grown to
 * many times their number.
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

    private record Key(String service, InetAddress client) {
    }

    private static final String LOG = "journal.log";
    private static final String REMOVED = "-";
    private static final int COMPACT_SLACK = 10_000;

    private final Path dir;
    private final Map<Key, Entry> entries = new LinkedHashMap<>();
    private FileChannel log;
    private long linesSinceCompaction;

    public HandoffJournal(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        load();
        compact();
    }

    public synchronized void write(Entry e) throws IOException {
        append(e.service() + " " + hex(e.client()) + " " + e.id() + " " + e.target() + " " + e.phase() + " " + e.sinceMillis() + "\n");
        entries.put(new Key(e.service(), e.client()), e);
    }

    public synchronized void remove(String service, InetAddress client) throws IOException {
        if (entries.remove(new Key(service, client)) != null) {
            append(service + " " + hex(client) + " " + REMOVED + "\n");
        }
    }

    public synchronized Entry read(String service, InetAddress client) throws IOException {
        return entries.get(new Key(service, client));
    }

    /** Every entry. */
    public synchronized List<Entry> all() throws IOException {
        return new ArrayList<>(entries.values());
    }

    private void append(String line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            log.write(b);
        }
        if (++linesSinceCompaction > COMPACT_SLACK + 4L * entries.size()) {
            compact();
        }
    }

    /** Reads journal.log, and the one-file-per-client entries an earlier version of dsco left (then removed). */
    private void load() throws IOException {
        Path f = dir.resolve(LOG);
        if (Files.exists(f)) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                apply(line);
            }
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.handoff")) {
            for (Path old : s) {
                Entry e = parseOldFile(old);
                if (e != null) {
                    entries.put(new Key(e.service(), e.client()), e);
                }
            }
        }
    }

    private void apply(String line) {
        String[] w = line.trim().split(" ");
        try {
            InetAddress client = InetAddress.getByAddress(HexFormat.of().parseHex(w[1]));
            Key k = new Key(w[0], client);
            if (w.length == 3 && w[2].equals(REMOVED)) {
                entries.remove(k);
            } else if (w.length == 6) {
                entries.put(k, new Entry(w[0], client, Long.parseLong(w[2]), w[3], Phase.valueOf(w[4]), Long.parseLong(w[5])));
            }
        } catch (IOException | RuntimeException e) {
            // a line cut short by a crash, or not ours: skipped
        }
    }

    /** Rewrites the log with the current entries only, atomically, and reopens it for appending. */
    private void compact() throws IOException {
        Path tmp = dir.resolve(LOG + ".tmp");
        StringBuilder b = new StringBuilder();
        for (Entry e : entries.values()) {
            b.append(e.service()).append(' ').append(hex(e.client())).append(' ').append(e.id()).append(' ').append(e.target())
                    .append(' ').append(e.phase()).append(' ').append(e.sinceMillis()).append('\n');
        }
        Files.writeString(tmp, b.toString());
        try {
            Files.move(tmp, dir.resolve(LOG), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException ex) {
            Files.move(tmp, dir.resolve(LOG), StandardCopyOption.REPLACE_EXISTING);
        }
        if (log != null) {
            log.close();
        }
        log = FileChannel.open(dir.resolve(LOG), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        linesSinceCompaction = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.handoff")) { // now in the log
            for (Path old : s) {
                Files.deleteIfExists(old);
            }
        }
    }

    private static String hex(InetAddress a) {
        return HexFormat.of().formatHex(a.getAddress());
    }

    /** The former format: file {@code <service>_<hex client>.handoff} holding "id target phase since". */
    private static Entry parseOldFile(Path f) {
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
