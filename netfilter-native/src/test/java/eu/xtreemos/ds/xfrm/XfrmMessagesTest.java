package eu.xtreemos.ds.xfrm;

import eu.xtreemos.ds.kernel.LibC;
import eu.xtreemos.ds.rtnl.NetlinkMessage;
import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The XFRM structs as linux/xfrm.h lays them out (64-bit ABI), built and read back without a kernel. */
class XfrmMessagesTest {
    private static final Inet6Address HOME = v6("fd00:d5:fa00:5::1");
    private static final Inet6Address CARE_OF = v6("fd00:d5:fa00:1::11");
    private static final Inet6Address CLIENT = v6("fd00:d5:fa00:2::101");

    private static Inet6Address v6(String s) {
        try {
            return (Inet6Address) InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    private static NetlinkMessage one(byte[] built) {
        List<NetlinkMessage> all = NetlinkMessage.parseAll(ByteBuffer.wrap(built).order(ByteOrder.nativeOrder()));
        assertEquals(1, all.size());
        return all.get(0);
    }

    @Test
    void aStateReadsBackWithItsCareOfAddress() {
        XfrmMessages.RoState s = new XfrmMessages.RoState(LibC.IPPROTO_ROUTING, CLIENT, HOME, CARE_OF);
        NetlinkMessage m = one(XfrmMessages.state(XfrmMessages.XFRM_MSG_NEWSA, s).build());
        assertEquals(XfrmMessages.XFRM_MSG_NEWSA, m.type());
        // xfrm_usersa_info, then XFRMA_COADDR: 4-byte header and 16 address bytes
        assertEquals(XfrmMessages.USERSA_INFO + 20, m.payload().limit());
        assertEquals(s, XfrmMessages.parseState(m));
        assertEquals(2, m.u8(214), "mode: route optimization");
        assertEquals(10, m.u16(212), "family: AF_INET6");
        assertEquals(-1L, m.payload().getLong(96), "no byte limit (XFRM_INF), or the state would expire at once");
    }

    @Test
    void aPolicyReadsBackWithItsOptionalTemplate() {
        XfrmMessages.RoPolicy p = new XfrmMessages.RoPolicy(XfrmMessages.XFRM_POLICY_IN, HOME, CLIENT, LibC.IPPROTO_DSTOPTS);
        NetlinkMessage m = one(XfrmMessages.policy(p).build());
        assertEquals(XfrmMessages.USERPOLICY_INFO + 4 + XfrmMessages.USER_TMPL, m.payload().limit());
        assertEquals(p, XfrmMessages.parsePolicy(m));
        assertEquals(1, m.payload().get(XfrmMessages.USERPOLICY_INFO + 4 + 50), "template optional (level use)");
    }

    @Test
    void deletesNameTheStateByAddressesAndTheSourceAttribute() {
        NetlinkMessage m = one(XfrmMessages.deleteState(LibC.IPPROTO_DSTOPTS, HOME, CLIENT).build());
        assertEquals(XfrmMessages.USERSA_ID + 20, m.payload().limit());
        assertEquals(60, m.u8(22));
        byte[] src = new byte[16];
        m.payload().get(XfrmMessages.USERSA_ID + 4, src);
        assertArrayEquals(HOME.getAddress(), src);
    }

    @Test
    void otherStatesAreLeftOut() {
        XfrmMessages.RoState s = new XfrmMessages.RoState(LibC.IPPROTO_ROUTING, CLIENT, HOME, CARE_OF);
        byte[] built = XfrmMessages.state(XfrmMessages.XFRM_MSG_NEWSA, s).build();
        ByteBuffer.wrap(built).put(16 + 214, (byte) 1); // tunnel mode: an IPsec state
        assertNull(XfrmMessages.parseState(one(built)));
    }
}
