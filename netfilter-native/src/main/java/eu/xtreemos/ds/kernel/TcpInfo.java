package eu.xtreemos.ds.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One reading of a socket's {@code struct tcp_info} (getsockopt TCP_INFO), field by field. The layout is
 * the kernel's include/uapi/linux/tcp.h, unchanged up to {@code tcpi_snd_wnd} (232 bytes) since Linux 6.0;
 * newer kernels append fields, older ones stop earlier. A 32-bit field the kernel did not fill reads -1.
 * Unsigned 32-bit fields are returned as {@code long}. Times are in microseconds unless named otherwise.
 */
public final class TcpInfo {
    /** The bytes asked for: the whole struct as far as this class reads it. */
    static final int LENGTH = 232;
    /** tcpi_state of an established connection (linux/tcp.h's TCP_ESTABLISHED). */
    public static final int STATE_ESTABLISHED = 1;

    private final ByteBuffer raw;
    private final int length;

    TcpInfo(byte[] raw, int length) {
        this.raw = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        this.length = length;
    }

    /** How many bytes of the struct the kernel filled. */
    public int length() {
        return length;
    }

    /** tcpi_state: 1 established, 2 syn-sent … (the kernel's TCP state machine numbering). */
    public int state() {
        return u8(0);
    }

    public boolean established() {
        return state() == STATE_ESTABLISHED;
    }

    /** tcpi_ca_state: 0 open, 1 disorder, 2 CWR, 3 recovery, 4 loss. */
    public int congestionState() {
        return u8(1);
    }

    public int retransmits() {
        return u8(2);
    }

    public int probes() {
        return u8(3);
    }

    public int backoff() {
        return u8(4);
    }

    /** tcpi_options: TCPI_OPT_TIMESTAMPS 1, SACK 2, WSCALE 4, ECN 8, ECN_SEEN 16, SYN_DATA 32. */
    public int options() {
        return u8(5);
    }

    /** The peer's window scale (low nibble of byte 6). */
    public int sendWindowScale() {
        return u8(6) & 0xf;
    }

    /** Our window scale (high nibble of byte 6). */
    public int receiveWindowScale() {
        return u8(6) >>> 4;
    }

    public long rto() {
        return u32(8);
    }

    public long ato() {
        return u32(12);
    }

    public long sendMss() {
        return u32(16);
    }

    public long receiveMss() {
        return u32(20);
    }

    public long unacked() {
        return u32(24);
    }

    public long sacked() {
        return u32(28);
    }

    public long lost() {
        return u32(32);
    }

    public long retrans() {
        return u32(36);
    }

    /** Milliseconds since data was last sent. */
    public long lastDataSentMillis() {
        return u32(44);
    }

    /** Milliseconds since data was last received. */
    public long lastDataReceivedMillis() {
        return u32(52);
    }

    /** Milliseconds since an ACK was last received. */
    public long lastAckReceivedMillis() {
        return u32(56);
    }

    public long pmtu() {
        return u32(60);
    }

    public long receiveSlowStartThreshold() {
        return u32(64);
    }

    /** Smoothed round-trip time. */
    public long rtt() {
        return u32(68);
    }

    public long rttVariance() {
        return u32(72);
    }

    public long sendSlowStartThreshold() {
        return u32(76);
    }

    /** Congestion window, in segments. */
    public long sendCongestionWindow() {
        return u32(80);
    }

    public long advertisedMss() {
        return u32(84);
    }

    public long reordering() {
        return u32(88);
    }

    public long receiveRtt() {
        return u32(92);
    }

    public long receiveSpace() {
        return u32(96);
    }

    /** Segments retransmitted in the connection's life. */
    public long totalRetrans() {
        return u32(100);
    }

    /** Bytes per second. */
    public long pacingRate() {
        return u64(104);
    }

    public long maxPacingRate() {
        return u64(112);
    }

    /** Bytes the peer acknowledged (RFC 4898 tcpEStatsAppHCThruOctetsAcked). */
    public long bytesAcked() {
        return u64(120);
    }

    /** Bytes received in order (tcpEStatsAppHCThruOctetsReceived). */
    public long bytesReceived() {
        return u64(128);
    }

    public long segmentsOut() {
        return u32(136);
    }

    public long segmentsIn() {
        return u32(140);
    }

    /** Bytes in the send queue never sent. */
    public long notSentBytes() {
        return u32(144);
    }

    public long minRtt() {
        return u32(148);
    }

    public long dataSegmentsIn() {
        return u32(152);
    }

    public long dataSegmentsOut() {
        return u32(156);
    }

    /** Bytes per second. */
    public long deliveryRate() {
        return u64(160);
    }

    public long busyTime() {
        return u64(168);
    }

    public long receiveWindowLimitedTime() {
        return u64(176);
    }

    public long sendBufferLimitedTime() {
        return u64(184);
    }

    /** Segments delivered (acknowledged, cumulatively or selectively). */
    public long delivered() {
        return u32(192);
    }

    public long deliveredCe() {
        return u32(196);
    }

    /** Bytes sent, retransmissions included (tcpEStatsPerfHCDataOctetsOut). */
    public long bytesSent() {
        return u64(200);
    }

    public long bytesRetrans() {
        return u64(208);
    }

    public long dsackDups() {
        return u32(216);
    }

    public long reorderingSeen() {
        return u32(220);
    }

    public long receiveOutOfOrderPackets() {
        return u32(224);
    }

    /** The peer's advertised receive window, scaled, in bytes. */
    public long sendWindow() {
        return u32(228);
    }

    private int u8(int offset) {
        return offset < length ? raw.get(offset) & 0xff : -1;
    }

    private long u32(int offset) {
        return offset + 4 <= length ? raw.getInt(offset) & 0xffffffffL : -1;
    }

    /** Values beyond 2^63 do not occur for these counters. */
    private long u64(int offset) {
        return offset + 8 <= length ? raw.getLong(offset) : -1;
    }

    @Override
    public String toString() {
        return "tcp_info{state=" + state() + ", rtt=" + rtt() + "us, cwnd=" + sendCongestionWindow()
                + ", bytesAcked=" + bytesAcked() + ", bytesReceived=" + bytesReceived()
                + ", totalRetrans=" + totalRetrans() + "}";
    }
}
