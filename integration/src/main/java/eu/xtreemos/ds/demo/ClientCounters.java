package eu.xtreemos.ds.demo;

import java.util.List;

/**
 * What the end-of-run checks ({@link StreamCheck}) need from a streaming client, wherever it runs: in this JVM
 * ({@link StreamClient}) or on another host ({@code eu.xtreemos.ds.vagrant.RemoteStreamClient}).
 */
public interface ClientCounters {
    /** How many streaming connections the client has (the interactive one not counted). */
    int connections();

    /** The id the client announced on connection {@code k} (the service reports positions by it). */
    int connId(int k);

    /** Bytes the client has written on connection {@code k}. */
    long sent(int k);

    /** Bytes the client has received on connection {@code k}, each checked against the pattern. */
    long received(int k);

    /** Requests the client has sent on its interactive connection (numbered 1, 2, 3 …). */
    long interactiveRequests();

    /** Answers the client has received on its interactive connection, each checked as the right one for its request. */
    long interactiveAnswers();

    /** Stops the client's writers (its interactive requests too) and waits until they have stopped. */
    void stopWriting() throws Exception;

    /** Every error the client has seen (a reset, a wrong byte, a closed connection). */
    List<String> errors();
}
