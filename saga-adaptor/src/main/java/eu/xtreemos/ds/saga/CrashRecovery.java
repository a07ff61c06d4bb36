package eu.xtreemos.ds.saga;

import eu.xtreemos.ds.dsco.client.DscoException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * After dsco went away in the middle of a handoff (the application's request got no answer), asks the restarted
 * dsco what became of the client, until it answers or {@code patience} runs out. dsco's journal lets it finish or
 * undo the handoff on restart, but it re-activates the donor's sockets only when the application passes them again
 * (RECOVER): without this the client's connections would stay frozen.
 */
final class CrashRecovery {
    /** One question to dsco: true if the client had been handed off, false if its connections are live here again. */
    interface Ask {
        boolean recover() throws IOException;
    }

    private CrashRecovery() {
    }

    /**
     * @return true if the handoff had happened, false if dsco took the client back
     * @throws DscoException dsco answered that it cannot recover the connections
     * @throws IOException   dsco was not back within {@code patience}
     */
    static boolean await(Ask ask, Duration patience, Duration interval, String who, IOException cause) throws IOException {
        long deadline = System.nanoTime() + patience.toNanos();
        IOException last = cause;
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(who + ": interrupted while waiting for dsco to come back");
            }
            try {
                return ask.recover();
            } catch (DscoException e) {
                throw e;
            } catch (IOException e) {
                last = e; // dsco not back yet
            }
        }
        throw new IOException(who + ": dsco went away during the handoff (" + cause.getMessage() + ") and was not back within "
                + patience.toSeconds() + " s (last: " + last.getMessage() + "); the client's connections stay frozen until"
                + " they are recovered", cause);
    }
}
