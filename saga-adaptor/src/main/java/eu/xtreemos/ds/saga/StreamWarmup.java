package eu.xtreemos.ds.saga;

import eu.xtreemos.saga.tcp.ChannelStream;
import org.ogf.saga.buffer.Buffer;
import org.ogf.saga.buffer.BufferFactory;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.session.Session;
import org.ogf.saga.stream.Activity;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.url.URL;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Runs the adaptor's side of a handoff on loopback connections before the server takes clients: each round wraps
 * an accepted connection as a received client's stream is wrapped, reads and writes through it, freezes it for a
 * handoff, thaws it as a failed handoff does, freezes it again and closes it as handed off. A cold JVM loads and
 * compiles that code during the first client's handoff instead, which made the first handoff's gap about ten
 * times a warm one. No client, no dsco and no other node is touched; a failure is logged and the server starts
 * anyway.
 */
final class StreamWarmup {
    private static final Logger LOG = System.getLogger(StreamWarmup.class.getName());
    /** Rounds by default: enough for the JIT's first tier to compile the per-stream code (about 200 calls a method). */
    static final int DEFAULT_ROUNDS = 300;
    /** The system property that sets the rounds; 0 turns the warm-up off. */
    static final String ROUNDS_PROPERTY = "ds.saga.warmup.rounds";
    private static final int BYTES = 512;

    private StreamWarmup() {
    }

    /** The rounds the system property asks for, or the default; a bad value is named and the default used. */
    static int rounds() {
        String v = System.getProperty(ROUNDS_PROPERTY, String.valueOf(DEFAULT_ROUNDS)).trim();
        if (v.matches("[0-9]{1,6}")) {
            return Integer.parseInt(v);
        }
        LOG.log(Level.WARNING, ROUNDS_PROPERTY + "=" + v + " is not a number of rounds (0-999999); warming up with " + DEFAULT_ROUNDS);
        return DEFAULT_ROUNDS;
    }

    /** {@code rounds} loopback rounds with {@code url} and {@code session} as the served streams get them; how many ran. */
    static int run(Session session, URL url, int rounds) {
        if (rounds <= 0) {
            return 0;
        }
        long t0 = System.nanoTime();
        int done = 0;
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Buffer buffer = BufferFactory.createBuffer(BYTES);
            for (; done < rounds; done++) {
                oneRound(session, url, listener, buffer);
            }
            LOG.log(Level.DEBUG, "warmed the stream handoff path: " + done + " loopback rounds in "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } catch (IOException | SagaException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.log(Level.WARNING, "stream warm-up stopped after " + done + " of " + rounds + " rounds (" + e
                    + "); the first handoffs will be slower");
        }
        return done;
    }

    private static void oneRound(Session session, URL url, ServerSocketChannel listener, Buffer buffer)
            throws IOException, SagaException, InterruptedException {
        try (SocketChannel peer = SocketChannel.open(listener.getLocalAddress()); SocketChannel accepted = listener.accept()) {
            ChannelStream s = ChannelStream.served(session, url, accepted);
            try {
                s.setAttribute(Stream.BLOCKING, "False");
                peer.write(ByteBuffer.allocate(BYTES));
                int got = 0;
                while (got < BYTES) {
                    if (s.waitFor(Activity.READ.getValue() | Activity.WRITE.getValue(), 1f) == 0) {
                        throw new IOException("nothing came on a loopback connection within 1 s");
                    }
                    got += Math.max(0, s.read(buffer, BYTES - got));
                }
                s.write(buffer, BYTES);
                s.freezeForHandoff();
                s.thaw(); // a handoff that failed
                s.freezeForHandoff();
                s.handedOff("warm-up");
            } finally {
                s.close();
            }
        }
    }
}
