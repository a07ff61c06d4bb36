package eu.xtreemos.ds.tcp;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Everything needed to rebuild one frozen, established TCP connection elsewhere: the one state record
 * that {@link SocketEngine#dump} fills and {@link SocketEngine#restore} consumes. Its byte form is
 * {@link ConnectionStateCodec} (docs/connection-state.md).
 *
 * @param sendSeq    sequence number after the last byte in the send queue (write_seq)
 * @param recvSeq    sequence number after the last byte in the receive queue (rcv_nxt)
 * @param window     TCP_REPAIR_WINDOW: snd_wl1, snd_wnd, max_window, rcv_wnd, rcv_wup
 * @param sendQueue  sent-but-unacknowledged bytes, then {@code sendUnsent} never-sent bytes
 * @param recvQueue  received bytes the application has not read
 */
public record ConnectionState(
        InetSocketAddress local,
        InetSocketAddress remote,
        int options,
        int flags,
        int sndWscale,
        int rcvWscale,
        int mss,
        int sendSeq,
        int recvSeq,
        int timestamp,
        int[] window,
        int sendUnsent,
        int sndbuf,
        int rcvbuf,
        int keepIdle,
        int keepIntvl,
        int keepCnt,
        int tos,
        int ttl,
        String congestion,
        byte[] sendQueue,
        byte[] recvQueue) {

    public static final int OPT_TIMESTAMPS = 1;
    public static final int OPT_SACK = 2;
    public static final int OPT_WSCALE = 4;
    public static final int FLAG_NODELAY = 1;
    public static final int FLAG_KEEPALIVE = 2;

    public ConnectionState {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(congestion, "congestion");
        if (window.length != 5) {
            throw new IllegalArgumentException("window needs 5 values, got " + window.length);
        }
        if (sendUnsent < 0 || sendUnsent > sendQueue.length) {
            throw new IllegalArgumentException("sendUnsent " + sendUnsent + " outside the send queue of " + sendQueue.length);
        }
    }

    public boolean ipv4() {
        return local.getAddress() instanceof Inet4Address;
    }

    /** Bytes of the send queue that the peer may already have seen (they go back in repair mode). */
    public int sendSent() {
        return sendQueue.length - sendUnsent;
    }

    /**
     * This state with the whole send queue counted as never sent, for a peer known to lack its unacknowledged
     * bytes: restored, the socket sends them at once instead of when its retransmission timer fires (3 s after a
     * restore, for want of an RTT sample). Only for bytes the peer lacks: a peer that has them acknowledges
     * beyond what the restored socket sent, and such ACKs are dropped until it has sent that far again.
     */
    public ConnectionState resendingUnacknowledged() {
        return new ConnectionState(local, remote, options, flags, sndWscale, rcvWscale, mss, sendSeq, recvSeq, timestamp,
                window, sendQueue.length, sndbuf, rcvbuf, keepIdle, keepIntvl, keepCnt, tos, ttl, congestion, sendQueue,
                recvQueue);
    }

    /**
     * This state with the whole send queue counted as sent, for a peer that may have more of it than the state says
     * was sent (a checkpoint's connection, whose output leaves up to the end of its send queue): restored with an unsent
     * tail, the socket would drop every ACK of those bytes, and with them the peer's data, until it sent them itself.
     * Bytes the peer lacks are retransmitted.
     */
    public ConnectionState withWholeSendQueueSent() {
        return new ConnectionState(local, remote, options, flags, sndWscale, rcvWscale, mss, sendSeq, recvSeq, timestamp,
                window, 0, sndbuf, rcvbuf, keepIdle, keepIntvl, keepCnt, tos, ttl, congestion, sendQueue, recvQueue);
    }

    /**
     * This state with its TCP timestamp clock {@code millis} later (even: at most 1 ms less): a connection restored from
     * an older state (a checkpoint) must not send timestamps below those its peer has seen since, or PAWS drops its
     * segments. The value's low bit is kept: since Linux 6.7 it is the clock's unit (TCP_TIMESTAMP in repair mode sets
     * microseconds when it is 1), so an odd advance would restore a millisecond clock as a microsecond one.
     */
    public ConnectionState withTimestampAdvanced(long millis) {
        return new ConnectionState(local, remote, options, flags, sndWscale, rcvWscale, mss, sendSeq, recvSeq,
                (int) (timestamp + (millis & ~1L)), window, sendUnsent, sndbuf, rcvbuf, keepIdle, keepIntvl, keepCnt, tos, ttl, congestion,
                sendQueue, recvQueue);
    }

    public boolean has(int option) {
        return (options & option) != 0;
    }

    public boolean flag(int flag) {
        return (flags & flag) != 0;
    }

    /** Short description for logs: the 4-tuple and the queue sizes. */
    public String describe() {
        return local + " <-> " + remote + " (send queue " + sendQueue.length + " B, " + sendUnsent
                + " unsent; receive queue " + recvQueue.length + " B)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionState s && java.util.Arrays.equals(ConnectionStateCodec.encode(this),
                ConnectionStateCodec.encode(s));
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(ConnectionStateCodec.encode(this));
    }

    @Override
    public String toString() {
        return "ConnectionState[" + describe() + "]";
    }
}
