package eu.xtreemos.ds.tcp;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class ConnectionStateCodecTest {

    static ConnectionState sample(String local, String remote) throws Exception {
        byte[] send = new byte[1000];
        byte[] recv = new byte[333];
        for (int i = 0; i < send.length; i++) {
            send[i] = (byte) i;
        }
        Arrays.fill(recv, (byte) 7);
        return new ConnectionState(new InetSocketAddress(InetAddress.getByName(local), 7000),
                new InetSocketAddress(InetAddress.getByName(remote), 40123),
                ConnectionState.OPT_TIMESTAMPS | ConnectionState.OPT_SACK | ConnectionState.OPT_WSCALE,
                ConnectionState.FLAG_NODELAY, 7, 9, 1428, 0xfffffff0, 12345, 99, new int[] {1, 2, 3, 4, 5}, 200,
                87040, 131072, 7200, 75, 9, 0, 64, "cubic", send, recv);
    }

    @Test
    void roundTripsIpv6AndIpv4() throws Exception {
        for (ConnectionState s : new ConnectionState[] {sample("fd00:d5:1:5::1", "fd00:d5:1:2::101"), sample("10.1.5.1", "10.1.2.101")}) {
            byte[] raw = ConnectionStateCodec.encode(s);
            assertEquals(ConnectionStateCodec.HEADER_LEN + 1000 + 333 + 4, raw.length);
            ConnectionState back = ConnectionStateCodec.decode(raw);
            assertEquals(s, back);
            assertEquals(s.local(), back.local());
            assertArrayEquals(s.sendQueue(), back.sendQueue());
            assertEquals(200, back.sendUnsent());
            assertEquals("cubic", back.congestion());
        }
    }

    @Test
    void theWholeSendQueueCountsAsSent() throws Exception {
        ConnectionState s = sample("fd00::1", "fd00::2").withWholeSendQueueSent(); // 200 of 1000 bytes unsent
        assertEquals(0, s.sendUnsent());
        assertEquals(1000, s.sendSent());
    }

    /** Since Linux 6.7 the timestamp's low bit is the clock's unit (1: microseconds): advancing keeps it. */
    @Test
    void advancingTheTimestampClockKeepsItsUnitBit() throws Exception {
        ConnectionState usec = sample("fd00::1", "fd00::2"); // timestamp 99
        assertEquals(99 + 1000, usec.withTimestampAdvanced(1001).timestamp());
        assertEquals(99, usec.withTimestampAdvanced(1).timestamp());
        ConnectionState even = new ConnectionState(usec.local(), usec.remote(), usec.options(), usec.flags(), usec.sndWscale(),
                usec.rcvWscale(), usec.mss(), usec.sendSeq(), usec.recvSeq(), 0xfffffffe, usec.window(), usec.sendUnsent(),
                usec.sndbuf(), usec.rcvbuf(), usec.keepIdle(), usec.keepIntvl(), usec.keepCnt(), usec.tos(), usec.ttl(),
                usec.congestion(), usec.sendQueue(), usec.recvQueue());
        assertEquals(1000 - 2, even.withTimestampAdvanced(1001).timestamp()); // wraps, stays even
    }

    @Test
    void refusesTruncatedRecordNamingTotalLength() throws Exception {
        byte[] raw = ConnectionStateCodec.encode(sample("fd00::1", "fd00::2"));
        InvalidStateException e = assertThrows(InvalidStateException.class,
                () -> ConnectionStateCodec.decode(Arrays.copyOf(raw, raw.length - 10)));
        assertTrue(e.getMessage().contains("total_len"), e.getMessage());
        e = assertThrows(InvalidStateException.class, () -> ConnectionStateCodec.decode(Arrays.copyOf(raw, 20)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertThrows(InvalidStateException.class, () -> ConnectionStateCodec.decode(new byte[0]));
        assertThrows(InvalidStateException.class, () -> ConnectionStateCodec.decode(null));
    }

    @Test
    void refusesEveryFlippedBit() throws Exception {
        byte[] raw = ConnectionStateCodec.encode(sample("fd00::1", "fd00::2"));
        for (int bit = 0; bit < raw.length * 8; bit += 7) {
            byte[] bad = raw.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(InvalidStateException.class, () -> ConnectionStateCodec.decode(bad), "bit " + bit);
        }
    }

    @Test
    void namesTheBadFieldEvenWithAValidChecksum() throws Exception {
        byte[] raw = ConnectionStateCodec.encode(sample("fd00::1", "fd00::2"));
        assertRefused(raw, 4, (byte) 0, "version");       // version 1 -> 0x0001 high byte... set low byte
        assertRefused(raw, 12, (byte) 5, "family");
        assertRefused(raw, 13, (byte) 7, "tcp_state");
        assertRefused(raw, 14, (byte) 0x10, "options");
        assertRefused(raw, 52, (byte) 15, "snd_wscale");
        assertRefused(raw, 121, (byte) 0, "ttl");
        assertRefused(raw, 124, (byte) 1, "reserved");
        byte[] unsent = raw.clone();
        ByteBuffer.wrap(unsent).putInt(92, 5000);
        assertRefused(unsent, 0, (byte) 'D', "send_unsent_len");
    }

    private static void assertRefused(byte[] raw, int offset, byte value, String field) {
        byte[] bad = raw.clone();
        if (field.equals("version")) {
            ByteBuffer.wrap(bad).putShort(4, (short) 2);
        } else {
            bad[offset] = value;
        }
        ByteBuffer b = ByteBuffer.wrap(bad);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bad, 0, bad.length - 4);
        b.putInt(bad.length - 4, (int) crc.getValue());
        InvalidStateException e = assertThrows(InvalidStateException.class, () -> ConnectionStateCodec.decode(bad));
        assertTrue(e.getMessage().contains(field), "expected '" + field + "' in: " + e.getMessage());
    }
}
