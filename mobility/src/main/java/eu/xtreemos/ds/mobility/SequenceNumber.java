package eu.xtreemos.ds.mobility;

/**
 * Binding Update sequence numbers: 16 bits that wrap, compared modulo 2^16 (RFC 6275 §9.5.1) in the
 * way of serial number arithmetic (RFC 1982): {@code a} is newer than {@code b} when it is ahead by
 * 1 to 32767.
 */
public final class SequenceNumber {
    private static final int MODULUS = 1 << 16;
    private static final int HALF = 1 << 15;

    private SequenceNumber() {
    }

    public static boolean isNewer(int candidate, int last) {
        int ahead = Math.floorMod(candidate - last, MODULUS);
        return ahead != 0 && ahead < HALF;
    }

    public static int next(int sequence) {
        return (sequence + 1) & 0xffff;
    }
}
