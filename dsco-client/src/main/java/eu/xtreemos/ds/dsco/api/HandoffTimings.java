package eu.xtreemos.ds.dsco.api;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * How long each phase of one handoff took (zero for a phase it did not reach), as the DONATE and REQUEST_HANDOFF
 * replies carry them: one TIMING attribute per phase, a u16 {@link HandoffPhase} code and u64 nanoseconds.
 */
public record HandoffTimings(Duration flush, Duration hold, Duration freezeDump, Duration prepare, Duration restore,
                             Duration redirect, Duration commit, Duration activate, Duration release) {
    private static final int ATTRIBUTE_BYTES = 2 + 8;

    public static final HandoffTimings NONE = of(Map.of());

    /** From nanoseconds per phase; phases left out are zero. */
    public static HandoffTimings of(Map<HandoffPhase, Long> nanos) {
        EnumMap<HandoffPhase, Long> n = new EnumMap<>(HandoffPhase.class);
        n.putAll(nanos);
        return new HandoffTimings(d(n, HandoffPhase.FLUSH), d(n, HandoffPhase.HOLD), d(n, HandoffPhase.FREEZE_DUMP),
                d(n, HandoffPhase.PREPARE), d(n, HandoffPhase.RESTORE), d(n, HandoffPhase.REDIRECT), d(n, HandoffPhase.COMMIT),
                d(n, HandoffPhase.ACTIVATE), d(n, HandoffPhase.RELEASE));
    }

    private static Duration d(Map<HandoffPhase, Long> nanos, HandoffPhase p) {
        return Duration.ofNanos(nanos.getOrDefault(p, 0L));
    }

    public Duration of(HandoffPhase phase) {
        return switch (phase) {
            case FLUSH -> flush;
            case HOLD -> hold;
            case FREEZE_DUMP -> freezeDump;
            case PREPARE -> prepare;
            case RESTORE -> restore;
            case REDIRECT -> redirect;
            case COMMIT -> commit;
            case ACTIVATE -> activate;
            case RELEASE -> release;
        };
    }

    /** The handoff from the donor's DONATE to its reply: the donor's phases (the receiver's lie inside them). */
    public Duration total() {
        Duration sum = Duration.ZERO;
        for (HandoffPhase p : HandoffPhase.values()) {
            if (p.donorSide()) {
                sum = sum.plus(of(p));
            }
        }
        return sum;
    }

    /** Adds one TIMING attribute per phase that took any time. */
    public ApiMessage addTo(ApiMessage message) {
        for (HandoffPhase p : HandoffPhase.values()) {
            long nanos = of(p).toNanos();
            if (nanos > 0) {
                message.add(Attr.TIMING, ByteBuffer.allocate(ATTRIBUTE_BYTES).putShort((short) p.code).putLong(nanos).array());
            }
        }
        return message;
    }

    /** The timings a reply carries; phases of codes this version does not know are left out. */
    public static HandoffTimings from(ApiMessage reply) throws MalformedMessageException {
        EnumMap<HandoffPhase, Long> nanos = new EnumMap<>(HandoffPhase.class);
        for (ApiMessage.Attribute a : reply.all(Attr.TIMING)) {
            if (a.value().length != ATTRIBUTE_BYTES) {
                throw new MalformedMessageException("TIMING attribute of " + a.value().length + " bytes (needs " + ATTRIBUTE_BYTES + ")");
            }
            ByteBuffer b = ByteBuffer.wrap(a.value());
            HandoffPhase p = HandoffPhase.of(b.getShort() & 0xffff);
            long n = b.getLong();
            if (n < 0) {
                throw new MalformedMessageException("TIMING attribute of a negative duration (" + n + " ns)");
            }
            if (p != null) {
                nanos.merge(p, n, Long::sum);
            }
        }
        return of(nanos);
    }

    /** "flush 0.12 ms, hold 0.01 ms, ...": the phases that took any time, in order. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ");
        for (HandoffPhase p : HandoffPhase.values()) {
            long nanos = of(p).toNanos();
            if (nanos > 0) {
                j.add(String.format(Locale.ROOT, "%s %.2f ms", p.label, nanos / 1e6));
            }
        }
        return j.toString();
    }
}
