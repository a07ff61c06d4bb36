package eu.xtreemos.ds.rtnl;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** The reading side of a request, fed hand-made datagrams: acks, errors, dumps, stale and broken replies. */
class ReplyTest {
    static final String OP = "RTM_NEWROUTE fd00::1/128 via fd00::10";
    static final int SEQ = 77;

    static byte[] msg(int type, int flags, int seq, MessageBuilderBody body) {
        MessageBuilder b = new MessageBuilder(type, flags);
        body.fill(b);
        byte[] m = b.build();
        MessageBuilder.setSeq(m, seq);
        return m;
    }

    interface MessageBuilderBody {
        void fill(MessageBuilder b);
    }

    /** NLMSG_ERROR with NETLINK_CAP_ACK: the error, the request's header, then the extended-ack text. */
    static byte[] error(int seq, int errno, String text) {
        int flags = NetlinkMessage.NLM_F_CAPPED | (text == null ? 0 : NetlinkMessage.NLM_F_ACK_TLVS);
        return msg(NetlinkMessage.NLMSG_ERROR, flags, seq, b -> {
            b.u32(-errno).u32(40).u16(Rtnl.RTM_NEWROUTE).u16(5).u32(seq).u32(0);
            if (text != null) {
                b.attrString(NetlinkMessage.NLMSGERR_ATTR_MSG, text);
            }
        });
    }

    static ByteBuffer datagram(byte[]... messages) {
        int n = Arrays.stream(messages).mapToInt(m -> m.length).sum();
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] m : messages) {
            b.put(m);
        }
        return b.flip();
    }

    @Test
    void anAckCompletesTheRequest() {
        NetlinkSocket.Reply r = new NetlinkSocket.Reply(OP, SEQ);
        r.consume(datagram(error(SEQ, 0, null)));
        assertTrue(r.complete());
        assertTrue(r.messages().isEmpty());
    }

    @Test
    void anErrorAckNamesOperationErrnoAndTheKernelsText() {
        NetlinkSocket.Reply r = new NetlinkSocket.Reply(OP, SEQ);
        NetlinkException e = assertThrows(NetlinkException.class, () -> r.consume(datagram(error(SEQ, 101, "Nexthop has invalid gateway"))));
        assertEquals(101, e.errno());
        assertEquals(OP, e.operation());
        assertEquals(OP + ": Network is unreachable (ENETUNREACH) - Nexthop has invalid gateway", e.getMessage());
        NetlinkException plain = assertThrows(NetlinkException.class, () -> new NetlinkSocket.Reply(OP, SEQ).consume(datagram(error(SEQ, 113, null))));
        assertEquals(OP + ": No route to host (EHOSTUNREACH)", plain.getMessage());
    }

    @Test
    void repliesToEarlierRequestsAreSkipped() {
        NetlinkSocket.Reply r = new NetlinkSocket.Reply(OP, SEQ);
        r.consume(datagram(error(SEQ - 1, 22, "late answer to a request that timed out")));
        assertFalse(r.complete());
        r.consume(datagram(error(SEQ - 1, 0, null), error(SEQ, 0, null)));
        assertTrue(r.complete());
    }

    @Test
    void aDumpCollectsMessagesUntilDone() {
        NetlinkSocket.Reply r = new NetlinkSocket.Reply(OP, SEQ);
        byte[] route = msg(Rtnl.RTM_NEWROUTE, NetlinkMessage.NLM_F_MULTI, SEQ, b -> b.u32(0).u32(0).u32(0));
        r.consume(datagram(route, route));
        assertFalse(r.complete());
        r.consume(datagram(route, msg(NetlinkMessage.NLMSG_DONE, NetlinkMessage.NLM_F_MULTI, SEQ, b -> b.u32(0))));
        assertTrue(r.complete());
        assertEquals(3, r.messages().size());

        NetlinkSocket.Reply failed = new NetlinkSocket.Reply(OP, SEQ);
        NetlinkException e = assertThrows(NetlinkException.class,
                () -> failed.consume(datagram(msg(NetlinkMessage.NLMSG_DONE, NetlinkMessage.NLM_F_MULTI, SEQ, b -> b.u32(-16)))));
        assertEquals(16, e.errno());

        NetlinkSocket.Reply interrupted = new NetlinkSocket.Reply(OP, SEQ);
        assertThrows(NetlinkSocket.DumpInterrupted.class, () -> interrupted.consume(datagram(
                msg(Rtnl.RTM_NEWROUTE, NetlinkMessage.NLM_F_MULTI | NetlinkMessage.NLM_F_DUMP_INTR, SEQ, b -> b.u32(0).u32(0).u32(0)),
                msg(NetlinkMessage.NLMSG_DONE, NetlinkMessage.NLM_F_MULTI, SEQ, b -> b.u32(0)))));
    }

    @Test
    void brokenRepliesGiveMalformedMessageExceptionNamingTheOperation() {
        byte[] ack = error(SEQ, 0, null);
        for (int cut = 1; cut < ack.length; cut++) {
            NetlinkSocket.Reply r = new NetlinkSocket.Reply(OP, SEQ);
            ByteBuffer d = ByteBuffer.wrap(ack, 0, cut);
            MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> r.consume(d), "cut at " + cut);
            assertTrue(e.getMessage().startsWith(OP + ": malformed netlink message: "), e.getMessage());
        }
        byte[] shortError = msg(NetlinkMessage.NLMSG_ERROR, 0, SEQ, b -> b.u16(0));
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> new NetlinkSocket.Reply(OP, SEQ).consume(datagram(shortError)));
        assertTrue(e.getMessage().contains("error message with 2 byte(s), needs 4"), e.getMessage());
        byte[] positive = msg(NetlinkMessage.NLMSG_ERROR, 0, SEQ, b -> b.u32(5));
        assertThrows(MalformedMessageException.class, () -> new NetlinkSocket.Reply(OP, SEQ).consume(datagram(positive)));

        byte[] badTlv = error(SEQ, 22, "x");
        ByteBuffer.wrap(badTlv).order(java.nio.ByteOrder.nativeOrder()).putShort(36, (short) 200); // the text's attribute length
        NetlinkException stillErrno = assertThrows(NetlinkException.class, () -> new NetlinkSocket.Reply(OP, SEQ).consume(datagram(badTlv)));
        assertEquals(22, stillErrno.errno(), "a broken extended ack still reports the errno");
    }
}
