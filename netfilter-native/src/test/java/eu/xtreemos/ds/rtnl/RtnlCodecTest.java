package eu.xtreemos.ds.rtnl;

import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/** Messages built and parsed without a kernel; bad bytes must give MalformedMessageException and nothing else. */
class RtnlCodecTest {
    static InetAddress ip(String s) {
        return IpPrefix.literal(s);
    }

    static Inet6Address ip6(String s) {
        return (Inet6Address) ip(s);
    }

    static final Route SOURCE_SPECIFIC = Route.to(IpPrefix.parse("fd00:d5:ef:5::1/128")).from(IpPrefix.parse("fd00:d5:ef:2::a/128"))
            .via(ip("fd00:d5:ef:11::2")).dev(7);
    static final Route IN_TABLE = Route.to(IpPrefix.parse("10.239.5.1/32")).via(ip("10.239.11.2")).dev(3).inTable(0xAEF020A).withMetric(5);
    static final Route SEG6 = Route.to(IpPrefix.parse("fd00:d5:ef:5::1/128")).dev(4)
            .withSeg6(new Seg6Encap(Seg6Encap.Mode.INLINE, List.of(ip6("fd00:d5:ef:11::2"), ip6("fd00:d5:ef:12::2"))));
    static final Rule RULE = Rule.lookup(IpPrefix.parse("10.239.2.10/32"), IpPrefix.parse("10.239.5.1/32"), 0xAEF020A, 1000);

    static NetlinkMessage only(byte[] wire) {
        List<NetlinkMessage> all = NetlinkMessage.parseAll(ByteBuffer.wrap(wire));
        assertEquals(1, all.size());
        return all.get(0);
    }

    @Test
    void routeRequestsParseBackToTheSameRoute() {
        for (Route r : List.of(SOURCE_SPECIFIC, IN_TABLE, SEG6, Route.to(IpPrefix.parse("::/0")).via(ip("fd00::1")),
                SEG6.withSeg6(new Seg6Encap(Seg6Encap.Mode.ENCAP, List.of(ip6("fd00::a"), ip6("fd00::b"), ip6("fd00::c")))))) {
            byte[] wire = RtnlCodec.route(r, false, NetlinkMessage.NLM_F_CREATE).build();
            NetlinkMessage m = only(wire);
            assertEquals(Rtnl.RTM_NEWROUTE, m.type());
            assertEquals(r, RtnlCodec.parseRoute(m), "round trip of " + r);
        }
    }

    @Test
    void seg6InlineHeaderHasTheSlotForTheOriginalDestinationAndReversedSegments() {
        byte[] t = RtnlCodec.seg6Tunnel(SEG6.seg6());
        ByteBuffer b = ByteBuffer.wrap(t).order(ByteOrder.nativeOrder());
        assertEquals(0, b.getInt(0), "mode inline");
        assertEquals(6, b.get(5), "hdrlen: 3 segments * 2");
        assertEquals(4, b.get(6), "type 4");
        assertEquals(2, b.get(7), "segments left");
        assertEquals(2, b.get(8), "first segment");
        assertEquals(4 + 8 + 3 * 16, t.length);
        assertArrayEquals(new byte[16], Arrays.copyOfRange(t, 12, 28), "slot 0 left for the destination");
        assertArrayEquals(ip("fd00:d5:ef:12::2").getAddress(), Arrays.copyOfRange(t, 28, 44));
        assertArrayEquals(ip("fd00:d5:ef:11::2").getAddress(), Arrays.copyOfRange(t, 44, 60), "first segment in the last slot");
    }

    @Test
    void ruleRequestParsesBack() {
        NetlinkMessage m = only(RtnlCodec.rule(RULE, false, 0).build());
        assertEquals(RULE, RtnlCodec.parseRule(m));
        assertEquals("pref 1000 from 10.239.2.10/32 to 10.239.5.1/32 lookup 183435786", RULE.toString());
    }

    @Test
    void textIsWhatIpPrints() {
        assertEquals("fd00:d5:ef:5::1/128 from fd00:d5:ef:2::a/128 via fd00:d5:ef:11::2 oif 7", SOURCE_SPECIFIC.toString());
        assertEquals("fd00:d5:ef:5::1/128 encap seg6 mode inline segs [ fd00:d5:ef:11::2 fd00:d5:ef:12::2 ] oif 4", SEG6.toString());
        assertEquals("::", IpPrefix.text(ip("::")));
        assertEquals("1::", IpPrefix.text(ip("1:0:0:0:0:0:0:0")));
        assertEquals("1:0:1::1", IpPrefix.text(ip("1:0:1:0:0:0:0:1")), "the longest zero run is shortened");
        assertEquals("1:0:0:1::1", IpPrefix.text(ip("1:0:0:1:0:0:0:1")));
        assertEquals("1::2:0:0:1:0", IpPrefix.text(ip("1:0:0:2:0:0:1:0")), "a tie: the first run");
        assertEquals("1:0:2:3:4:5:6:7", IpPrefix.text(ip("1:0:2:3:4:5:6:7")), "a single zero group stays");
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("example.org/32"), "never a DNS lookup");
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("10.0.0.1/33"));
    }

    @Test
    void linkReplyGivesItsIndex() {
        byte[] wire = new MessageBuilder(Rtnl.RTM_NEWLINK, 0).u8(0).u8(0).u16(1).u32(42).u32(0).u32(0).attrString(Rtnl.IFLA_IFNAME, "n1").build();
        assertEquals(42, RtnlCodec.parseLinkIndex(only(wire)));
    }

    // ------------------------------------------------------------------ malformed input

    static void malformed(String expected, Runnable parse) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, parse::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void truncatedOrInconsistentBytesGiveClearErrors() {
        byte[] wire = RtnlCodec.route(SEG6, false, 0).build();
        malformed("too few for a netlink header", () -> NetlinkMessage.parseAll(ByteBuffer.wrap(wire, 0, 10)));
        malformed("only 40 received", () -> NetlinkMessage.parseAll(ByteBuffer.wrap(wire, 0, 40)));
        byte[] tiny = wire.clone();
        ByteBuffer.wrap(tiny).order(ByteOrder.nativeOrder()).putInt(0, 8);
        malformed("less than its own header", () -> NetlinkMessage.parseAll(ByteBuffer.wrap(tiny)));

        byte[] shortRtmsg = new MessageBuilder(Rtnl.RTM_NEWROUTE, 0).u8(10).u8(128).build();
        malformed("struct rtmsg needs 12 bytes", () -> RtnlCodec.parseRoute(only(shortRtmsg)));

        byte[] longAttr = RtnlCodec.route(SOURCE_SPECIFIC, false, 0).build();
        ByteBuffer.wrap(longAttr).order(ByteOrder.nativeOrder()).putShort(16 + 12, (short) 500); // first attribute's length
        malformed("claims 500 bytes", () -> RtnlCodec.parseRoute(only(longAttr)));

        byte[] oddAddress = new MessageBuilder(Rtnl.RTM_NEWROUTE, 0).u8(10).u8(128).u8(0).u8(0).u8(254).u8(4).u8(0).u8(1).u32(0)
                .attr(Rtnl.RTA_DST, new byte[5]).build();
        malformed("has 5 bytes, expected 16", () -> RtnlCodec.parseRoute(only(oddAddress)));

        byte[] badSrh = RtnlCodec.route(SEG6, false, 0).build();
        int srh = indexOf(badSrh, RtnlCodec.seg6Tunnel(SEG6.seg6()));
        badSrh[srh + 8] = 9; // first_segment 9: ten segments in a header of three
        malformed("cannot hold 10 segments", () -> RtnlCodec.parseRoute(only(badSrh)));

        malformed("expected RTM_NEWLINK", () -> RtnlCodec.parseLinkIndex(only(shortRtmsg)));
        byte[] shortLink = new MessageBuilder(Rtnl.RTM_NEWLINK, 0).u32(0).build();
        malformed("struct ifinfomsg needs 16 bytes", () -> RtnlCodec.parseLinkIndex(only(shortLink)));
    }

    /** Every truncation and many random corruptions of valid messages, and pure noise. */
    @Test
    void noInputGivesAnythingButMalformedMessageException() {
        List<byte[]> valid = List.of(RtnlCodec.route(SEG6, false, 0).build(), RtnlCodec.route(SOURCE_SPECIFIC, false, 0).build(),
                RtnlCodec.route(IN_TABLE, false, 0).build(), RtnlCodec.rule(RULE, false, 0).build(),
                new MessageBuilder(Rtnl.RTM_NEWLINK, 0).u8(0).u8(0).u16(1).u32(42).u32(0).u32(0).attrString(Rtnl.IFLA_IFNAME, "n1").build());
        Random rnd = new Random(42);
        int parsed = 0, refused = 0;
        for (byte[] v : valid) {
            for (int cut = 0; cut < v.length; cut++) {
                byte[] c = Arrays.copyOf(v, cut);
                refused += survives(c) ? 0 : 1;
                if (cut >= 4) { // a header consistent with the cut, so the parsers see a cut body
                    ByteBuffer.wrap(c).order(ByteOrder.nativeOrder()).putInt(0, cut);
                    survives(c);
                }
            }
            for (int i = 0; i < 20_000; i++) {
                byte[] c = v.clone();
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                    c[rnd.nextInt(c.length)] = (byte) rnd.nextInt(256);
                }
                if (survives(c)) {
                    parsed++;
                } else {
                    refused++;
                }
            }
        }
        for (int i = 0; i < 20_000; i++) {
            byte[] noise = new byte[rnd.nextInt(200)];
            rnd.nextBytes(noise);
            if (noise.length >= 4 && rnd.nextBoolean()) {
                ByteBuffer.wrap(noise).order(ByteOrder.nativeOrder()).putInt(0, noise.length);
            }
            survives(noise);
        }
        assertTrue(parsed > 0 && refused > 0, parsed + " parsed, " + refused + " refused");
    }

    /**
     * Runs every parser on every message of {@code bytes}: true if each message parsed as its own type,
     * false if something was refused with MalformedMessageException; anything else fails the test.
     */
    static boolean survives(byte[] bytes) {
        List<Consumer<NetlinkMessage>> parsers = List.of(RtnlCodec::parseRoute, RtnlCodec::parseRule, RtnlCodec::parseLinkIndex,
                m -> m.attributes(0, "attributes"));
        List<Integer> ownType = List.of(Rtnl.RTM_NEWROUTE, Rtnl.RTM_NEWRULE, Rtnl.RTM_NEWLINK, -1);
        boolean ok = true;
        List<NetlinkMessage> all;
        try {
            all = NetlinkMessage.parseAll(ByteBuffer.wrap(bytes));
        } catch (MalformedMessageException e) {
            return false;
        } catch (RuntimeException e) {
            throw new AssertionError("parseAll threw " + e + " for " + hex(bytes), e);
        }
        for (NetlinkMessage m : all) {
            for (int i = 0; i < parsers.size(); i++) {
                try {
                    parsers.get(i).accept(m);
                } catch (MalformedMessageException e) {
                    ok &= m.type() != ownType.get(i);
                } catch (RuntimeException e) {
                    throw new AssertionError(e + " for " + hex(bytes), e);
                }
            }
        }
        return ok;
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
