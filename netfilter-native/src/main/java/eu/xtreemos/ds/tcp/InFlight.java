package eu.xtreemos.ds.tcp;

import java.time.Duration;

/**
 * Waiting until nothing is in flight between two ends of a connection on this host. dsco holds the peer's packets
 * before it freezes a socket; benchmarks and tests that freeze without a packet filter wait here instead, since a
 * segment that reaches the port between the old socket's close and the new one's connect is answered with a reset,
 * and an ACK arriving between reading the send queue and peeking at it changes what is dumped.
 */
public final class InFlight {
    private InFlight() {
    }

    /**
     * Waits (at most {@code max}) until every byte either end wrote is in the other's receive queue or still in its
     * own send queue, the same in two readings a millisecond apart (a full receive window leaves the rest in the
     * send queue).
     *
     * @return whether the connection settled within {@code max}
     */
    public static boolean awaitSettled(int client, int server, long clientWrote, long serverWrote, Duration max)
            throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            int serverIn = SocketEngine.receiveQueueBytes(server);
            int clientOut = SocketEngine.sendQueueBytes(client);
            int clientIn = SocketEngine.receiveQueueBytes(client);
            int serverOut = SocketEngine.sendQueueBytes(server);
            String now = serverIn + "/" + clientOut + "/" + clientIn + "/" + serverOut;
            if (serverIn + clientOut == clientWrote && clientIn + serverOut == serverWrote && now.equals(last)) {
                return true;
            }
            last = now;
            Thread.sleep(1);
        }
        return false;
    }
}
