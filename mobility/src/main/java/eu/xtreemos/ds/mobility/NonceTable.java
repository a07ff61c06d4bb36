package eu.xtreemos.ds.mobility;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

/**
 * A correspondent's secrets for return routability: the node key Kcn and a rotating series of nonces,
 * each named by a 16-bit index (RFC 6275 §5.2.1, §5.2.2, §5.2.7). A new nonce is made when the current
 * one is older than the rotation interval; a nonce is honoured for {@code lifetime} after it was made
 * (at most {@link ReturnRoutabilityLimits#MAX_NONCE_LIFETIME}) and then forgotten.
 */
public final class NonceTable {
    private final Clock clock;
    private final Random random;
    private final Duration rotation;
    private final Duration lifetime;
    private final Deque<Nonce> nonces = new ArrayDeque<>(); // oldest first
    private byte[] nodeKey;
    private int nextIndex;

    /**
     * @param random   a {@link java.security.SecureRandom} in service; a seeded one in tests
     * @param rotation how often a new nonce is made (RFC 6275 suggests every few tens of seconds)
     * @param lifetime how long a nonce is honoured
     */
    public NonceTable(Clock clock, Random random, Duration rotation, Duration lifetime) {
        if (lifetime.compareTo(ReturnRoutabilityLimits.MAX_NONCE_LIFETIME) > 0 || lifetime.compareTo(rotation) < 0) {
            throw new IllegalArgumentException("nonce lifetime " + lifetime + " must be between the rotation "
                    + rotation + " and " + ReturnRoutabilityLimits.MAX_NONCE_LIFETIME);
        }
        this.clock = clock;
        this.random = random;
        this.rotation = rotation;
        this.lifetime = lifetime;
        this.nodeKey = randomBytes(ReturnRoutabilityLimits.NODE_KEY_LENGTH);
        this.nextIndex = random.nextInt(1 << 16); // a restarted node does not reuse the old indices first
    }

    /** The defaults: a new nonce every 30 s, each honoured for the RFC's 240 s. */
    public static NonceTable withDefaults(Clock clock, Random random) {
        return new NonceTable(clock, random, Duration.ofSeconds(30), ReturnRoutabilityLimits.MAX_NONCE_LIFETIME);
    }

    /** The nonce to hand out now (for a HoT or CoT), made afresh if the last one is due for rotation. */
    public synchronized Nonce current() {
        Instant now = clock.instant();
        forgetExpired(now);
        Nonce last = nonces.peekLast();
        if (last == null || !now.isBefore(last.created().plus(rotation))) {
            last = new Nonce(nextIndex, randomBytes(ReturnRoutabilityLimits.NONCE_LENGTH), nodeKey, now);
            nextIndex = SequenceNumber.next(nextIndex);
            nonces.addLast(last);
        }
        return last;
    }

    /** The nonce with this index if it is still honoured, or null (expired or never made). */
    public synchronized Nonce lookup(int index) {
        forgetExpired(clock.instant());
        for (Nonce n : nonces) {
            if (n.index() == index) {
                return n;
            }
        }
        return null;
    }

    /**
     * Makes a new node key for the nonces made from now on (RFC 6275 §5.2.7); tokens from earlier nonces
     * stay valid until those nonces expire.
     */
    public synchronized void regenerateNodeKey() {
        nodeKey = randomBytes(ReturnRoutabilityLimits.NODE_KEY_LENGTH);
        Nonce last = nonces.peekLast();
        if (last != null) {
            // the next current() must not hand out a nonce tied to the old key
            nonces.addLast(new Nonce(nextIndex, randomBytes(ReturnRoutabilityLimits.NONCE_LENGTH), nodeKey,
                    clock.instant()));
            nextIndex = SequenceNumber.next(nextIndex);
        }
    }

    private void forgetExpired(Instant now) {
        while (!nonces.isEmpty() && now.isAfter(nonces.peekFirst().created().plus(lifetime))) {
            nonces.removeFirst();
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
