package eu.xtreemos.ds.rtnl;

import java.net.Inet6Address;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An SRv6 lightweight tunnel on a route ({@code encap seg6 mode inline segs ...}): the mode and the
 * segments in the order the packet visits them. In inline mode the kernel adds the packet's own
 * destination as the last segment; it is not listed here.
 */
public record Seg6Encap(Mode mode, List<Inet6Address> segments) {
    /** The header length field is one byte: (255 + 1) * 8 bytes, 127 slots, one kept for inline mode. */
    public static final int MAX_SEGMENTS = 126;

    /** {@code SEG6_IPTUN_MODE_*}. */
    public enum Mode {
        /** Insert the segment routing header into the packet (IPv6 only). */
        INLINE,
        /** Wrap the packet in an outer IPv6 header carrying the segment routing header. */
        ENCAP,
        L2ENCAP,
        ENCAP_RED,
        L2ENCAP_RED;

        int code() {
            return ordinal();
        }

        static Mode of(int code) {
            if (code < 0 || code >= values().length) {
                throw new MalformedMessageException("unknown seg6 mode " + code);
            }
            return values()[code];
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '.');
        }
    }

    public Seg6Encap {
        if (mode == null) {
            throw new IllegalArgumentException("seg6 encap without mode");
        }
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("seg6 encap needs at least one segment");
        }
        if (segments.size() > MAX_SEGMENTS) {
            throw new IllegalArgumentException(segments.size() + " segments, at most " + MAX_SEGMENTS + " fit a segment routing header");
        }
    }

    @Override
    public String toString() {
        return "encap seg6 mode " + mode + " segs " + segments.stream()
                .map(IpPrefix::text).collect(Collectors.joining(" ", "[ ", " ]"));
    }
}
