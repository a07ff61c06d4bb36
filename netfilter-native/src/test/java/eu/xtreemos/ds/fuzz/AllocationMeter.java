package eu.xtreemos.ds.fuzz;

import java.lang.management.ManagementFactory;

/**
 * Runs a decoder and measures the heap bytes the current thread allocated meanwhile, so a fuzz target
 * can assert that decoding {@code n} bytes never allocates more than a bound proportional to {@code n}:
 * a decoder that allocates what a length field announces rather than what arrived fails it. Shared by
 * the fuzz tests of every module through netfilter-native's test-jar.
 */
public final class AllocationMeter {
    /** Room for exception messages, String.format and class initialisation on a first call. */
    public static final long SLACK = 256 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationMeter() {
    }

    /** A decoder call that may throw. */
    @FunctionalInterface
    public interface Decoding<T> {
        T run() throws Exception;
    }

    /** What a decoder returned or threw (an Error is not caught: it is a finding), and what it allocated. */
    public record Outcome<T>(T value, Exception thrown, long allocated) {
        /** Fails unless the call allocated at most {@code perInputByte * inputLength + SLACK} bytes. */
        public Outcome<T> assertAllocationBounded(int inputLength, int perInputByte) {
            long limit = (long) perInputByte * inputLength + SLACK;
            if (allocated > limit) {
                throw new AssertionError("allocated " + allocated + " bytes for " + inputLength
                        + " bytes of input (bound " + limit + ")", thrown);
            }
            return this;
        }

        /** Fails if the call threw anything at all (for decoders that answer every input with a result). */
        public Outcome<T> assertNothingThrown() {
            if (thrown != null) {
                throw new AssertionError("threw " + thrown, thrown);
            }
            return this;
        }

        /** Fails if the call threw anything but {@code allowed} (or a subclass). */
        public Outcome<T> assertOnlyThrows(Class<? extends Exception> allowed) {
            if (thrown != null && !allowed.isInstance(thrown)) {
                throw new AssertionError("threw " + thrown + ", only " + allowed.getSimpleName() + " is allowed", thrown);
            }
            return this;
        }
    }

    /**
     * Runs the decoding and measures it. A call that allocates more than {@code SLACK} is run once more
     * and measured again: the first call of a code path also pays for class loading and linking, which
     * a deterministic decoder does not repeat, while an allocation driven by the input does.
     */
    public static <T> Outcome<T> measure(Decoding<T> decoding) {
        Outcome<T> first = once(decoding);
        return first.allocated() > SLACK ? once(decoding) : first;
    }

    private static <T> Outcome<T> once(Decoding<T> decoding) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        T value = null;
        Exception thrown = null;
        try {
            value = decoding.run();
        } catch (Exception e) {
            thrown = e;
        }
        return new Outcome<>(value, thrown, THREADS.getCurrentThreadAllocatedBytes() - before);
    }
}
