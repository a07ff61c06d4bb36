package eu.xtreemos.ds.bench;

import java.io.PrintStream;

/** Progress of long steps on stderr: one line rewritten in place on a terminal, a line per 10 % otherwise. */
final class Progress {
    private final PrintStream err;
    private final boolean terminal = System.console() != null;
    private String lastStep = "";
    private int lastDecile = -1;

    Progress(PrintStream err) {
        this.err = err;
    }

    synchronized void update(String step, long done, long total) {
        int decile = total == 0 ? 10 : (int) (10 * done / total);
        if (terminal) {
            err.printf("\r  %s: %d/%d   ", step, done, total);
            if (done >= total) {
                err.println();
            }
        } else if (!step.equals(lastStep) || decile != lastDecile) {
            if (decile != lastDecile || done >= total) {
                err.printf("  %s: %d/%d%n", step, done, total);
            }
        }
        lastStep = step;
        lastDecile = decile;
    }
}
