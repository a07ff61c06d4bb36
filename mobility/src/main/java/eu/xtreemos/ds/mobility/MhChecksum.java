package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;

/**
 * The Mobility Header checksum (RFC 6275 §6.1.1): the 16-bit one's complement of the one's complement
 * sum over the IPv6 pseudo-header (source, destination, upper-layer length, next header 135) and the
 * whole Mobility Header, as for ICMPv6 and UDP (RFC 8200 §8.1). The field is at offset 4.
 */
public final class MhChecksum {
    /** Where the checksum field is in the Mobility Header (also the kernel's IPV6_CHECKSUM offset). */
    public static final int OFFSET = 4;
    public static final int NEXT_HEADER_MH = 135;

    private MhChecksum() {
    }

    /** The checksum to put in {@code mh}, computed as if its checksum field were zero. */
    public static int compute(Inet6Address source, Inet6Address destination, byte[] mh) {
        long sum = pseudoHeaderSum(source, destination, mh.length) + dataSum(mh, true);
        int c = ~fold(sum) & 0xffff;
        return c == 0 ? 0xffff : c; // as the kernel sends it; 0 and 0xffff are the same in one's complement
    }

    /** Whether the checksum field of {@code mh} is right for these addresses. */
    public static boolean isValid(Inet6Address source, Inet6Address destination, byte[] mh) {
        if (mh.length < OFFSET + 2) {
            return false;
        }
        return fold(pseudoHeaderSum(source, destination, mh.length) + dataSum(mh, false)) == 0xffff;
    }

    /** A copy of {@code mh} with its checksum field filled in. */
    public static byte[] fill(Inet6Address source, Inet6Address destination, byte[] mh) {
        byte[] out = mh.clone();
        int c = compute(source, destination, out);
        out[OFFSET] = (byte) (c >>> 8);
        out[OFFSET + 1] = (byte) c;
        return out;
    }

    private static long pseudoHeaderSum(Inet6Address source, Inet6Address destination, int length) {
        long sum = dataSum(source.getAddress(), false) + dataSum(destination.getAddress(), false);
        sum += (length >>> 16) + (length & 0xffff);
        return sum + NEXT_HEADER_MH;
    }

    private static long dataSum(byte[] b, boolean skipChecksumField) {
        long sum = 0;
        for (int i = 0; i < b.length; i += 2) {
            if (skipChecksumField && i == OFFSET) {
                continue;
            }
            int hi = b[i] & 0xff;
            int lo = i + 1 < b.length ? b[i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        return sum;
    }

    private static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }
}
