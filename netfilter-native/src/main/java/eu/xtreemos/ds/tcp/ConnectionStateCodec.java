package eu.xtreemos.ds.tcp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The versioned byte form of a {@link ConnectionState}, shared with the C library in kmod-tcpcp.
 * Layout and validation rules: docs/connection-state.md. Decoding never throws anything but
 * {@link InvalidStateException}, whose message names the offending field.
 */
public final class ConnectionStateCodec {
    public static final int VERSION = 1;
    public static final int HEADER_LEN = 144;
    public static final int TRAILER_LEN = 4;
    public static final int MAX_RECORD = 64 << 20;
    private static final byte[] MAGIC = {'D', 'S', 'C', 'S'};

    private ConnectionStateCodec() {
    }

    public static byte[] encode(ConnectionState s) {
        int total = HEADER_LEN + s.sendQueue().length + s.recvQueue().length + TRAILER_LEN;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.put(MAGIC).putShort((short) VERSION).putShort((short) HEADER_LEN).putInt(total);
        b.put((byte) (s.ipv4() ? 4 : 6)).put((byte) 1).put((byte) s.options()).put((byte) s.flags());
        putAddress(b, s.local().getAddress());
        putAddress(b, s.remote().getAddress());
        b.putShort((short) s.local().getPort()).putShort((short) s.remote().getPort());
        b.put((byte) s.sndWscale()).put((byte) s.rcvWscale()).putShort((short) s.mss());
        b.putInt(s.sendSeq()).putInt(s.recvSeq()).putInt(s.timestamp());
        for (int w : s.window()) {
            b.putInt(w);
        }
        b.putInt(s.sendQueue().length).putInt(s.sendUnsent()).putInt(s.recvQueue().length);
        b.putInt(s.sndbuf()).putInt(s.rcvbuf()).putInt(s.keepIdle()).putInt(s.keepIntvl()).putInt(s.keepCnt());
        b.put((byte) s.tos()).put((byte) s.ttl()).put(new byte[6]);
        byte[] cc = s.congestion().getBytes(StandardCharsets.US_ASCII);
        if (cc.length > 15) {
            throw new IllegalArgumentException("congestion control name too long: " + s.congestion());
        }
        b.put(cc).put(new byte[16 - cc.length]);
        b.put(s.sendQueue()).put(s.recvQueue());
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, total - TRAILER_LEN);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    public static ConnectionState decode(byte[] r) throws InvalidStateException {
        if (r == null) {
            throw new InvalidStateException("no state record");
        }
        if (r.length < HEADER_LEN + TRAILER_LEN) {
            throw new InvalidStateException("record is " + r.length + " bytes, shorter than the "
                    + (HEADER_LEN + TRAILER_LEN) + "-byte header and trailer (truncated?)");
        }
        ByteBuffer b = ByteBuffer.wrap(r);
        for (int i = 0; i < 4; i++) {
            if (b.get() != MAGIC[i]) {
                throw new InvalidStateException("field magic: not a DSCS connection-state record");
            }
        }
        int version = b.getShort() & 0xffff;
        if (version != VERSION) {
            throw new InvalidStateException("field version: " + version + " is not supported (this reader knows " + VERSION + ")");
        }
        int headerLen = b.getShort() & 0xffff;
        if (headerLen != HEADER_LEN) {
            throw new InvalidStateException("field header_len: " + headerLen + ", version 1 requires " + HEADER_LEN);
        }
        long totalLen = b.getInt() & 0xffffffffL;
        if (totalLen != r.length) {
            throw new InvalidStateException("field total_len: " + totalLen + " but the record is " + r.length
                    + " bytes (truncated or padded)");
        }
        CRC32 crc = new CRC32();
        crc.update(r, 0, r.length - TRAILER_LEN);
        int stored = ByteBuffer.wrap(r, r.length - TRAILER_LEN, TRAILER_LEN).getInt();
        if (stored != (int) crc.getValue()) {
            throw new InvalidStateException(String.format("CRC-32 mismatch: record says %08x, contents give %08x (corrupted)",
                    stored, (int) crc.getValue()));
        }
        int family = b.get();
        if (family != 4 && family != 6) {
            throw new InvalidStateException("field family: " + family + ", expected 4 or 6");
        }
        int state = b.get();
        if (state != 1) {
            throw new InvalidStateException("field tcp_state: " + state + ", only 1 (ESTABLISHED) is carried");
        }
        int options = b.get() & 0xff;
        if ((options & ~7) != 0) {
            throw new InvalidStateException("field options: unknown bits " + Integer.toHexString(options & ~7));
        }
        int flags = b.get() & 0xff;
        if ((flags & ~3) != 0) {
            throw new InvalidStateException("field flags: unknown bits " + Integer.toHexString(flags & ~3));
        }
        InetAddress local = address(b, family, "local_addr");
        InetAddress remote = address(b, family, "remote_addr");
        int lport = port(b, "local_port");
        int rport = port(b, "remote_port");
        int sndWscale = b.get() & 0xff;
        int rcvWscale = b.get() & 0xff;
        if (sndWscale > 14 || rcvWscale > 14) {
            throw new InvalidStateException("field " + (sndWscale > 14 ? "snd_wscale: " + sndWscale : "rcv_wscale: " + rcvWscale)
                    + " is above the maximum 14");
        }
        int mss = b.getShort() & 0xffff;
        int sendSeq = b.getInt();
        int recvSeq = b.getInt();
        int timestamp = b.getInt();
        int[] window = {b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt()};
        long sendLen = b.getInt() & 0xffffffffL;
        long unsent = b.getInt() & 0xffffffffL;
        long recvLen = b.getInt() & 0xffffffffL;
        if (unsent > sendLen) {
            throw new InvalidStateException("field send_unsent_len: " + unsent + " exceeds send_queue_len " + sendLen);
        }
        if (HEADER_LEN + sendLen + recvLen + TRAILER_LEN != totalLen) {
            throw new InvalidStateException("fields send_queue_len " + sendLen + " + recv_queue_len " + recvLen
                    + " do not add up to total_len " + totalLen);
        }
        int sndbuf = b.getInt();
        int rcvbuf = b.getInt();
        int keepIdle = b.getInt();
        int keepIntvl = b.getInt();
        int keepCnt = b.getInt();
        int tos = b.get() & 0xff;
        int ttl = b.get() & 0xff;
        if (ttl == 0) {
            throw new InvalidStateException("field ttl: 0 (must be 1-255)");
        }
        for (int i = 0; i < 6; i++) {
            if (b.get() != 0) {
                throw new InvalidStateException("reserved bytes at offset 122 are not zero");
            }
        }
        byte[] cc = new byte[16];
        b.get(cc);
        int end = 0;
        while (end < 16 && cc[end] != 0) {
            if (cc[end] < 0x21 || cc[end] > 0x7e) {
                throw new InvalidStateException("field congestion: non-printable byte at position " + end);
            }
            end++;
        }
        if (end == 16) {
            throw new InvalidStateException("field congestion: name is not NUL-terminated");
        }
        for (int i = end; i < 16; i++) {
            if (cc[i] != 0) {
                throw new InvalidStateException("field congestion: non-NUL byte after the name at position " + i);
            }
        }
        byte[] sendQueue = new byte[(int) sendLen];
        byte[] recvQueue = new byte[(int) recvLen];
        b.get(sendQueue).get(recvQueue);
        return new ConnectionState(new InetSocketAddress(local, lport), new InetSocketAddress(remote, rport),
                options, flags, sndWscale, rcvWscale, mss, sendSeq, recvSeq, timestamp, window, (int) unsent,
                sndbuf, rcvbuf, keepIdle, keepIntvl, keepCnt, tos, ttl,
                new String(cc, 0, end, StandardCharsets.US_ASCII), sendQueue, recvQueue);
    }

    /** Like {@link #decode} but first refuses a length announced above {@link #MAX_RECORD}. */
    public static int checkAnnouncedLength(long len) throws InvalidStateException {
        if (len < HEADER_LEN + TRAILER_LEN || len > MAX_RECORD) {
            throw new InvalidStateException("announced record length " + len + " is outside "
                    + (HEADER_LEN + TRAILER_LEN) + ".." + MAX_RECORD);
        }
        return (int) len;
    }

    private static void putAddress(ByteBuffer b, InetAddress a) {
        byte[] raw = a.getAddress();
        b.put(raw);
        if (raw.length == 4) {
            b.put(new byte[12]);
        }
    }

    private static InetAddress address(ByteBuffer b, int family, String field) throws InvalidStateException {
        byte[] raw = new byte[16];
        b.get(raw);
        try {
            if (family == 4) {
                for (int i = 4; i < 16; i++) {
                    if (raw[i] != 0) {
                        throw new InvalidStateException("field " + field + ": IPv4 address with non-zero padding");
                    }
                }
                return InetAddress.getByAddress(java.util.Arrays.copyOf(raw, 4));
            }
            InetAddress a = InetAddress.getByAddress(raw);
            if (a instanceof Inet4Address) {
                // Java folds ::ffff:a.b.c.d into an IPv4 address; the record said IPv6.
                throw new InvalidStateException("field " + field + ": IPv4-mapped address in an IPv6 record");
            }
            return a;
        } catch (UnknownHostException e) {
            throw new InvalidStateException("field " + field + ": " + e.getMessage());
        }
    }

    private static int port(ByteBuffer b, String field) throws InvalidStateException {
        int p = b.getShort() & 0xffff;
        if (p == 0) {
            throw new InvalidStateException("field " + field + ": 0");
        }
        return p;
    }
}
