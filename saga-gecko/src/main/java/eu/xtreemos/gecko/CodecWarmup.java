package eu.xtreemos.gecko;

import java.io.IOException;
import java.io.Serializable;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;

/**
 * Encodes and decodes a handoff's envelope, and with Java serialization (the default codec) a sample state, before
 * Gecko serves: the serialization machinery of a cold JVM (stream classes, reflection, the input filter) otherwise
 * loads and compiles while the first client handed here waits (its decode took about twenty times a warm one). The
 * application's own state classes are not touched: their descriptors stay cold, the machinery around them warm.
 */
final class CodecWarmup {
    private static final Logger LOG = System.getLogger(CodecWarmup.class.getName());
    /** Rounds by default: enough for the JIT's first tier to compile the codec's code (about 200 calls a method). */
    static final int DEFAULT_ROUNDS = 300;
    /** The system property that sets the rounds; 0 turns the warm-up off. */
    static final String ROUNDS_PROPERTY = "gecko.warmup.rounds";

    /** A state of the shape handlers keep: fields of the primitive types, an array, a map of such objects. */
    private static final class Sample implements Serializable {
        private static final long serialVersionUID = 1L;
        int id;
        long position;
        boolean flag;
        double credit;
        long[] counters = new long[2];
        final HashMap<Integer, Sample> children = new HashMap<>();
    }

    private CodecWarmup() {
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

    /**
     * {@code rounds} envelope round trips, with a Java-serialized sample state when {@code codec} is that codec (an
     * application's own codec is never called); how many ran.
     */
    static int run(StateCodec<?> codec, int rounds) {
        if (rounds <= 0) {
            return 0;
        }
        long t0 = System.nanoTime();
        JavaSerializationCodec<Sample> java = codec instanceof JavaSerializationCodec<?> ? new JavaSerializationCodec<>() : null;
        Sample sample = new Sample();
        for (int i = 0; i < 4; i++) {
            sample.children.put(i, new Sample());
        }
        int done = 0;
        try {
            for (; done < rounds; done++) {
                byte[] state = java == null ? new byte[64] : java.encode(sample);
                Envelope e = Envelope.decode(new Envelope(done, List.of(new Envelope.Conn(1, new byte[16])), state).encode());
                if (java != null && java.decode(e.state()).children.size() != sample.children.size()) {
                    throw new IOException("the sample state did not come back whole");
                }
            }
            LOG.log(Level.DEBUG, "warmed the state codec: " + rounds + " rounds in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "codec warm-up stopped after " + done + " of " + rounds + " rounds (" + e
                    + "); the first handoffs will be slower");
        }
        return done;
    }
}
