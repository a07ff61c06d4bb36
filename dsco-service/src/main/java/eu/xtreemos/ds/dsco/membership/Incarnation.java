package eu.xtreemos.ds.dsco.membership;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** How many times this node's dsco has started, counted in a file in its state directory. */
public final class Incarnation {
    private static final String FILE = "incarnation";

    private Incarnation() {
    }

    /** Counts this start and returns its number (1 for the first); an unreadable count starts again at 1. */
    public static int next(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        Path f = stateDir.resolve(FILE);
        int n = 0;
        try {
            n = Integer.parseInt(Files.readString(f, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            // first start, or a damaged count
        }
        n = n == Integer.MAX_VALUE ? 1 : n + 1;
        Path tmp = stateDir.resolve(FILE + ".tmp");
        Files.writeString(tmp, n + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
        }
        return n;
    }
}
