package eu.xtreemos.ds.mobility;

import static eu.xtreemos.ds.mobility.Addresses.CARE_OF;
import static eu.xtreemos.ds.mobility.Addresses.CORRESPONDENT;
import static eu.xtreemos.ds.mobility.Addresses.HOME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A mobile node ({@link BindingUpdateList}) and a correspondent ({@link CorrespondentSignalling}) run
 * the whole procedure in memory: HoTI/HoT, CoTI/CoT, Binding Update, Binding Acknowledgement, refresh,
 * deregistration; every message goes through encode, checksum and strict decode.
 */
class ReturnRoutabilityExchangeTest {
    private final MutableClock clock = new MutableClock();
    private final NonceTable nonces = NonceTable.withDefaults(clock, new Random(1));
    private final BindingCache cache = new BindingCache(clock);
    private final CorrespondentSignalling cn = new CorrespondentSignalling(nonces, cache);
    private final BindingUpdateList mn = new BindingUpdateList(clock, new Random(2));

    /** Delivers to the correspondent and returns its single reply, delivered back. */
    private DecodeResult.Decoded toCorrespondent(OutgoingMessage m) {
        DecodeResult.Decoded d = Wire.deliver(m);
        CorrespondentSignalling.Handled h = cn.handle(d.wire(), m.source(), m.destination(), null);
        assertEquals(1, h.replies().size(), () -> "replies to " + m.message());
        OutgoingMessage reply = h.replies().get(0);
        assertEquals(m.source(), reply.destination());
        return Wire.deliver(reply);
    }

    private void returnRoutability() {
        BindingUpdateList.ReturnRoutabilityStart start = mn.startReturnRoutability(CORRESPONDENT, HOME, CARE_OF);
        HomeTest hot = (HomeTest) toCorrespondent(start.homeTestInit()).message();
        CareOfTest cot = (CareOfTest) toCorrespondent(start.careOfTestInit()).message();
        assertFalse(mn.readyToBind(CORRESPONDENT, HOME));
        assertTrue(mn.acceptHomeTest(CORRESPONDENT, HOME, hot));
        assertTrue(mn.acceptCareOfTest(CORRESPONDENT, HOME, cot));
        assertTrue(mn.readyToBind(CORRESPONDENT, HOME));
    }

    @Test
    void bindingMadeAcknowledgedRefreshedAndRemoved() {
        returnRoutability();
        OutgoingMessage bu = mn.bindingUpdate(CORRESPONDENT, HOME, 64);
        assertEquals(HOME, bu.source()); // sent from the home address, the care-of address in an option
        DecodeResult.Decoded ba = toCorrespondent(bu);
        assertEquals(AcknowledgementOutcome.ACCEPTED, mn.acceptAcknowledgement(CORRESPONDENT, HOME, ba));
        assertEquals(CARE_OF, cache.route(HOME));
        assertEquals(((BindingUpdate) bu.message()).sequence(), cache.lookup(HOME).sequence());
        assertTrue(mn.lookup(CORRESPONDENT, HOME).acknowledgedAt(clock.instant()));

        clock.advance(Duration.ofSeconds(60)); // tokens still fresh: a refresh needs no new test
        assertEquals(AcknowledgementOutcome.ACCEPTED,
                mn.acceptAcknowledgement(CORRESPONDENT, HOME, toCorrespondent(mn.bindingUpdate(CORRESPONDENT, HOME, 64))));

        DecodeResult.Decoded gone = toCorrespondent(mn.bindingUpdate(CORRESPONDENT, HOME, 0));
        assertEquals(AcknowledgementOutcome.ACCEPTED, mn.acceptAcknowledgement(CORRESPONDENT, HOME, gone));
        assertNull(cache.lookup(HOME));
        assertEquals(HOME, cache.route(HOME));
    }

    @Test
    void correspondentCapsTheLifetimeAndTheBindingExpires() {
        returnRoutability();
        DecodeResult.Decoded ba = toCorrespondent(mn.bindingUpdate(CORRESPONDENT, HOME, 1000));
        assertEquals(ReturnRoutabilityLimits.MAX_RR_BINDING_LIFETIME_UNITS,
                ((BindingAcknowledgement) ba.message()).lifetimeUnits());
        clock.advance(ReturnRoutabilityLimits.MAX_RR_BINDING_LIFETIME);
        assertNull(cache.lookup(HOME));
    }

    @Test
    void staleTokensNeedANewTest() {
        returnRoutability();
        clock.advance(ReturnRoutabilityLimits.MAX_TOKEN_LIFETIME.plusSeconds(1));
        assertFalse(mn.readyToBind(CORRESPONDENT, HOME));
        assertThrows(IllegalStateException.class, () -> mn.bindingUpdate(CORRESPONDENT, HOME, 64));
    }

    @Test
    void expiredNonceMakesTheMobileNodeRunTheTestAgain() {
        NonceTable shortLived = new NonceTable(clock, new Random(3), Duration.ofSeconds(10), Duration.ofSeconds(20));
        CorrespondentSignalling forgetful = new CorrespondentSignalling(shortLived, cache);
        BindingUpdateList.ReturnRoutabilityStart start = mn.startReturnRoutability(CORRESPONDENT, HOME, CARE_OF);
        for (OutgoingMessage init : List.of(start.homeTestInit(), start.careOfTestInit())) {
            OutgoingMessage reply = forgetful.handle(Wire.deliver(init).wire(), init.source(), init.destination(), null)
                    .replies().get(0);
            MobilityMessage m = Wire.deliver(reply).message();
            if (m instanceof HomeTest hot) {
                mn.acceptHomeTest(CORRESPONDENT, HOME, hot);
            } else {
                mn.acceptCareOfTest(CORRESPONDENT, HOME, (CareOfTest) m);
            }
        }
        clock.advance(Duration.ofSeconds(30)); // past the nonces' 20 s, within the tokens' 210 s
        OutgoingMessage bu = mn.bindingUpdate(CORRESPONDENT, HOME, 64);
        CorrespondentSignalling.Handled h = forgetful.handle(Wire.deliver(bu).wire(), bu.source(), bu.destination(), null);
        assertEquals(BindingRejection.EXPIRED_NONCES, ((BindingVerdict.Rejected) h.verdict()).reason());
        DecodeResult.Decoded ba = Wire.deliver(h.replies().get(0));
        assertEquals(BindingAckStatus.EXPIRED_NONCES.code(), ((BindingAcknowledgement) ba.message()).status());
        assertEquals(AcknowledgementOutcome.REFUSED_RUN_RETURN_ROUTABILITY_AGAIN,
                mn.acceptAcknowledgement(CORRESPONDENT, HOME, ba));
        assertFalse(mn.readyToBind(CORRESPONDENT, HOME));
    }

    @Test
    void forgedAcknowledgementIsIgnored() {
        returnRoutability();
        BindingUpdate sent = (BindingUpdate) mn.bindingUpdate(CORRESPONDENT, HOME, 64).message();
        BindingAcknowledgement forged = BindingAuthenticator.sign(
                new BindingAcknowledgement(BindingAckStatus.ACCEPTED, sent.sequence(), 64),
                BindingManagementKey.of(1, 2), CARE_OF, CORRESPONDENT);
        DecodeResult.Decoded d = Wire.deliver(new OutgoingMessage(forged, CORRESPONDENT, HOME));
        assertEquals(AcknowledgementOutcome.BAD_AUTHENTICATOR, mn.acceptAcknowledgement(CORRESPONDENT, HOME, d));
        assertFalse(mn.lookup(CORRESPONDENT, HOME).acknowledgedAt(clock.instant()));
    }

    @Test
    void unknownTypeIsAnsweredWithBindingError() {
        byte[] type9 = Hex.bytes("3b 00 09 00 0000 0000");
        CorrespondentSignalling.Handled h = cn.handle(type9, HOME, CORRESPONDENT, null);
        BindingError be = (BindingError) Wire.deliver(h.replies().get(0)).message();
        assertEquals(BindingError.UNRECOGNIZED_MH_TYPE, be.status());
        assertEquals(HOME, h.replies().get(0).destination());
    }

    @Test
    void testInitsFromTheWrongCookieAreNotTaken() {
        mn.startReturnRoutability(CORRESPONDENT, HOME, CARE_OF);
        assertFalse(mn.acceptHomeTest(CORRESPONDENT, HOME, new HomeTest(1, 12345, 6789)));
        assertFalse(mn.acceptCareOfTest(Addresses.of("fd00:d5:ed::99"), HOME, new CareOfTest(1, 12345, 6789)));
    }

    /** The Distributed Servers shape: several nodes bind one home address, numbered by the contact node. */
    @Test
    void nodesBindingOneHomeAddressTakeNumbersFromOnePlace() {
        BindingUpdateList contact = new BindingUpdateList(clock, new Random(3));
        BindingUpdateList other = new BindingUpdateList(clock, new Random(4));
        Inet6Address otherCareOf = Fields.ipv6("fd00:d5:ed::3");

        returnRoutability(); // mn: the first node
        int first = contact.reserveSequence(CORRESPONDENT, HOME);
        OutgoingMessage bu = mn.bindingUpdate(CORRESPONDENT, HOME, 64, first);
        assertEquals(first, ((BindingUpdate) bu.message()).sequence());
        assertEquals(AcknowledgementOutcome.ACCEPTED, mn.acceptAcknowledgement(CORRESPONDENT, HOME, toCorrespondent(bu)));

        BindingUpdateList.ReturnRoutabilityStart start = other.startReturnRoutability(CORRESPONDENT, HOME, otherCareOf);
        assertTrue(other.acceptHomeTest(CORRESPONDENT, HOME, (HomeTest) toCorrespondent(start.homeTestInit()).message()));
        assertTrue(other.acceptCareOfTest(CORRESPONDENT, HOME, (CareOfTest) toCorrespondent(start.careOfTestInit()).message()));
        int second = contact.reserveSequence(CORRESPONDENT, HOME);
        assertEquals(SequenceNumber.next(first), second);
        DecodeResult.Decoded ba = toCorrespondent(other.bindingUpdate(CORRESPONDENT, HOME, 64, second));
        assertEquals(AcknowledgementOutcome.ACCEPTED, other.acceptAcknowledgement(CORRESPONDENT, HOME, ba));
        assertEquals(otherCareOf, cache.route(HOME));

        // a number the correspondent has seen is refused with its own number, and the retry goes past it
        DecodeResult.Decoded refused = toCorrespondent(mn.bindingUpdate(CORRESPONDENT, HOME, 64, first));
        assertEquals(AcknowledgementOutcome.REFUSED, mn.acceptAcknowledgement(CORRESPONDENT, HOME, refused));
        assertEquals(otherCareOf, cache.route(HOME), "a refused update changes no binding");
        DecodeResult.Decoded retried = toCorrespondent(mn.bindingUpdate(CORRESPONDENT, HOME, 64));
        assertEquals(AcknowledgementOutcome.ACCEPTED, mn.acceptAcknowledgement(CORRESPONDENT, HOME, retried));
        assertEquals(CARE_OF, cache.route(HOME));
    }
}
