package eu.xtreemos.ds.mobility;

import static eu.xtreemos.ds.mobility.Addresses.CARE_OF;
import static eu.xtreemos.ds.mobility.Addresses.CORRESPONDENT;
import static eu.xtreemos.ds.mobility.Addresses.HOME;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import eu.xtreemos.ds.kernel.LibC;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mobility Header messages over real raw sockets (protocol 135) between two network namespaces: what the
 * kernel does with the checksum, and a whole HoTI/CoTI/HoT/CoT/BU/BA exchange. The home test goes
 * straight to the correspondent here (no home agent tunnel): the home address lives on the mobile node.
 */
class MhSocketNamespaceTest {
    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final Duration NOTHING = Duration.ofMillis(200);

    @BeforeAll
    static void needsRoot() {
        assumeTrue(LibC.geteuid() == 0, "needs root (network namespaces, raw sockets)");
    }

    @Test
    void kernelFillsAndChecksTheChecksum() throws Exception {
        try (TwoNamespaces net = new TwoNamespaces();
             MhSocket cn = MhSocket.open(net.correspondent.ns, CORRESPONDENT);
             MhSocket cnUnchecked = MhSocket.open(net.correspondent.ns, CORRESPONDENT);
             MhSocket mn = MhSocket.open(net.mobile.ns, CARE_OF)) {
            assertEquals(4, cn.kernelChecksumOffset()); // on by default for protocol 135
            cnUnchecked.setKernelChecksum(false);
            assertEquals(-1, cnUnchecked.kernelChecksumOffset());

            // sent with a zero checksum field: the kernel fills it in
            mn.send(new CareOfTestInit(0x1122334455667788L), CORRESPONDENT);
            ReceivedHeader got = cn.receive(WAIT);
            assertNotNull(got, "nothing arrived");
            assertEquals(CARE_OF, got.source());
            assertTrue(MhChecksum.isValid(CARE_OF, CORRESPONDENT, got.header()));
            assertEquals(new CareOfTestInit(0x1122334455667788L),
                    got.decode(MobilityHeaderDecoder.strict()).orElseThrow());
            assertNotNull(cnUnchecked.receive(WAIT)); // every raw socket gets its copy

            // a bad checksum: sent as is with the sender's kernel check off; dropped where it is on
            mn.setKernelChecksum(false);
            byte[] bad = MobilityHeaderEncoder.encode(new CareOfTestInit(7), CARE_OF, CORRESPONDENT);
            bad[MhChecksum.OFFSET] ^= 0x5a;
            mn.sendRaw(bad, CORRESPONDENT);
            ReceivedHeader damaged = cnUnchecked.receive(WAIT);
            assertNotNull(damaged);
            assertArrayEquals(bad, damaged.header());
            assertEquals(Malformation.BAD_CHECKSUM,
                    damaged.decode(MobilityHeaderDecoder.rfc()).rejectionOrNull().reason());
            assertNull(cn.receive(NOTHING), "the kernel should have dropped the bad checksum");
        }
    }

    @Test
    void returnRoutabilityBindingUpdateAndAcknowledgement() throws Exception {
        MutableClock clock = new MutableClock();
        BindingCache cache = new BindingCache(clock);
        CorrespondentSignalling signalling = new CorrespondentSignalling(NonceTable.withDefaults(clock, new Random(1)),
                cache);
        BindingUpdateList bul = new BindingUpdateList(clock, new Random(2));
        try (TwoNamespaces net = new TwoNamespaces();
             MhSocket cn = MhSocket.open(net.correspondent.ns, CORRESPONDENT);
             MhSocket home = MhSocket.open(net.mobile.ns, HOME);
             MhSocket careOf = MhSocket.open(net.mobile.ns, CARE_OF)) {
            BindingUpdateList.ReturnRoutabilityStart start = bul.startReturnRoutability(CORRESPONDENT, HOME, CARE_OF);
            home.send(start.homeTestInit());
            careOf.send(start.careOfTestInit());
            assertNull(answer(cn, signalling).verdict());
            assertNull(answer(cn, signalling).verdict());

            HomeTest hot = (HomeTest) receive(home).message();
            CareOfTest cot = (CareOfTest) receive(careOf).message();
            assertTrue(bul.acceptHomeTest(CORRESPONDENT, HOME, hot));
            assertTrue(bul.acceptCareOfTest(CORRESPONDENT, HOME, cot));

            OutgoingMessage bu = bul.bindingUpdate(CORRESPONDENT, HOME, 64);
            home.send(bu);
            CorrespondentSignalling.Handled h = answer(cn, signalling);
            assertTrue(h.verdict().accepted(), () -> String.valueOf(h.verdict()));
            assertEquals(CARE_OF, cache.route(HOME));
            assertEquals(AcknowledgementOutcome.ACCEPTED, bul.acceptAcknowledgement(CORRESPONDENT, HOME, receive(home)));

            // the same update again (a replay): refused with 135, binding unchanged
            home.send(bu);
            BindingVerdict replay = answer(cn, signalling).verdict();
            assertEquals(BindingRejection.SEQUENCE_NUMBER_OUT_OF_WINDOW, ((BindingVerdict.Rejected) replay).reason());
            assertEquals(AcknowledgementOutcome.REFUSED, bul.acceptAcknowledgement(CORRESPONDENT, HOME, receive(home)));

            // a forged update for another care-of address: discarded, no answer
            BindingUpdate forged = BindingAuthenticator.sign(BindingUpdate.toCorrespondent(
                    ((BindingUpdate) bu.message()).sequence() + 5, 64, List.of(
                            new AlternateCareOfAddress(Addresses.of("fd00:d5:ed::66")),
                            new NonceIndices(hot.homeNonceIndex(), cot.careOfNonceIndex()))),
                    BindingManagementKey.of(hot.homeKeygenToken(), 0), CARE_OF, CORRESPONDENT);
            home.send(forged, CORRESPONDENT);
            BindingVerdict f = answer(cn, signalling).verdict();
            assertEquals(BindingRejection.BAD_AUTHENTICATOR, ((BindingVerdict.Rejected) f).reason());
            assertNull(home.receive(NOTHING));
            assertEquals(CARE_OF, cache.route(HOME));
        }
    }

    /** The correspondent reads one header, handles it and sends its replies. */
    private static CorrespondentSignalling.Handled answer(MhSocket cn, CorrespondentSignalling s) throws Exception {
        ReceivedHeader in = cn.receive(WAIT);
        assertNotNull(in, "the correspondent got nothing");
        CorrespondentSignalling.Handled h = s.handle(in.header(), in.source(), in.destination(), null);
        for (OutgoingMessage reply : h.replies()) {
            cn.send(reply);
        }
        return h;
    }

    private static DecodeResult.Decoded receive(MhSocket s) throws Exception {
        ReceivedHeader in = s.receive(WAIT);
        assertNotNull(in, "nothing arrived at " + s.localAddress().getHostAddress());
        return (DecodeResult.Decoded) in.decode(MobilityHeaderDecoder.strict());
    }
}
