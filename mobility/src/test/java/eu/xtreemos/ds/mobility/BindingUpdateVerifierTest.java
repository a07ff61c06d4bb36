package eu.xtreemos.ds.mobility;

import static eu.xtreemos.ds.mobility.Addresses.CARE_OF;
import static eu.xtreemos.ds.mobility.Addresses.CORRESPONDENT;
import static eu.xtreemos.ds.mobility.Addresses.HOME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Forged, replayed and stale Binding Updates are refused with the reason and status RFC 6275 §9.5.1 gives. */
class BindingUpdateVerifierTest {
    private final MutableClock clock = new MutableClock();
    private final NonceTable nonces = new NonceTable(clock, new Random(7), Duration.ofSeconds(30), Duration.ofSeconds(240));
    private final BindingCache cache = new BindingCache(clock);
    private final BindingUpdateVerifier verifier = new BindingUpdateVerifier(nonces, cache);
    private final BindingAddresses addresses = new BindingAddresses(HOME, CARE_OF, CORRESPONDENT);
    private Nonce nonce;
    private BindingManagementKey kbm;

    @BeforeEach
    void returnRoutabilityDone() {
        nonce = nonces.current();
        kbm = BindingManagementKey.of(KeygenTokens.home(nonce.nodeKey(), HOME, nonce.value()),
                KeygenTokens.careOf(nonce.nodeKey(), CARE_OF, nonce.value()));
    }

    private BindingUpdate update(int sequence, int lifetime, NonceIndices indices) {
        return BindingUpdate.toCorrespondent(sequence, lifetime,
                List.of(new AlternateCareOfAddress(CARE_OF), indices));
    }

    private BindingVerdict verify(BindingUpdate bu) {
        byte[] wire = MobilityHeaderEncoder.encode(bu, HOME, CORRESPONDENT);
        return verifier.verify((DecodeResult.Decoded) MobilityHeaderDecoder.rfc().decode(wire, HOME, CORRESPONDENT),
                addresses);
    }

    private BindingVerdict verifySigned(int sequence, int lifetime) {
        NonceIndices ni = new NonceIndices(nonce.index(), nonce.index());
        return verify(BindingAuthenticator.sign(update(sequence, lifetime, ni), kbm, CARE_OF, CORRESPONDENT));
    }

    private static void assertRejected(BindingRejection reason, BindingAckStatus status, BindingVerdict v) {
        assertTrue(v instanceof BindingVerdict.Rejected, () -> "accepted: " + v);
        BindingVerdict.Rejected r = (BindingVerdict.Rejected) v;
        assertEquals(reason, r.reason(), r.detail());
        assertEquals(status, r.status());
    }

    @Test
    void genuineUpdateIsAccepted() {
        BindingVerdict v = verifySigned(10, 64);
        assertTrue(v.accepted());
        assertEquals(CARE_OF, cache.route(HOME));
    }

    @Test
    void wrongAuthenticatorIsDiscardedSilently() {
        NonceIndices ni = new NonceIndices(nonce.index(), nonce.index());
        BindingUpdate forged = BindingAuthenticator.sign(update(10, 64, ni), BindingManagementKey.of(42, 43),
                CARE_OF, CORRESPONDENT);
        assertRejected(BindingRejection.BAD_AUTHENTICATOR, null, verify(forged));
        assertNull(cache.lookup(HOME));
    }

    @Test
    void authenticatorForAnotherCareOfAddressIsRefused() {
        // an attacker who saw the home test cannot redirect to its own address: the care-of token differs
        NonceIndices ni = new NonceIndices(nonce.index(), nonce.index());
        BindingUpdate bu = BindingAuthenticator.sign(update(10, 64, ni), kbm, CARE_OF, CORRESPONDENT);
        BindingAddresses elsewhere = new BindingAddresses(HOME, Addresses.of("fd00:d5:ed::bad"), CORRESPONDENT);
        byte[] wire = MobilityHeaderEncoder.encode(bu);
        assertRejected(BindingRejection.BAD_AUTHENTICATOR, null,
                verifier.verify((DecodeResult.Decoded) MobilityHeaderDecoder.rfc().decodeWithoutChecksum(wire),
                        elsewhere));
    }

    @Test
    void oldSequenceNumberIsRefusedWith135AndTheCachedNumber() {
        assertTrue(verifySigned(10, 64).accepted());
        for (int replayed : new int[] {10, 9, 10 + 32768}) {
            BindingVerdict v = verifySigned(replayed, 64);
            assertRejected(BindingRejection.SEQUENCE_NUMBER_OUT_OF_WINDOW,
                    BindingAckStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW, v);
            assertEquals(10, ((BindingVerdict.Rejected) v).lastAcceptedSequence());
        }
        assertTrue(verifySigned(11, 64).accepted());
        assertEquals(11, cache.lookup(HOME).sequence());
    }

    @Test
    void sequenceNumbersWrapAround() {
        assertTrue(verifySigned(0xfffe, 64).accepted());
        assertTrue(verifySigned(0xffff, 64).accepted());
        assertTrue(verifySigned(0, 64).accepted());
        assertRejected(BindingRejection.SEQUENCE_NUMBER_OUT_OF_WINDOW, BindingAckStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW,
                verifySigned(0xffff, 64));
    }

    private BindingUpdate signedWith(NonceIndices indices) {
        return BindingAuthenticator.sign(update(10, 64, indices), kbm, CARE_OF, CORRESPONDENT);
    }

    @Test
    void unknownNonceIndicesAreRefusedWith136To138() {
        int unknown = (nonce.index() + 100) & 0xffff;
        assertRejected(BindingRejection.EXPIRED_HOME_NONCE_INDEX, BindingAckStatus.EXPIRED_HOME_NONCE_INDEX,
                verify(signedWith(new NonceIndices(unknown, nonce.index()))));
        assertRejected(BindingRejection.EXPIRED_CARE_OF_NONCE_INDEX, BindingAckStatus.EXPIRED_CARE_OF_NONCE_INDEX,
                verify(signedWith(new NonceIndices(nonce.index(), unknown))));
        assertRejected(BindingRejection.EXPIRED_NONCES, BindingAckStatus.EXPIRED_NONCES,
                verify(signedWith(new NonceIndices(unknown, unknown))));
        assertNull(cache.lookup(HOME));
    }

    @Test
    void nonceExpiresAfterItsLifetime() {
        clock.advance(Duration.ofSeconds(241));
        assertRejected(BindingRejection.EXPIRED_NONCES, BindingAckStatus.EXPIRED_NONCES, verifySigned(10, 64));
    }

    @Test
    void missingOptionsAreDiscardedSilently() {
        assertRejected(BindingRejection.MISSING_NONCE_INDICES, null,
                verify(BindingUpdate.toCorrespondent(10, 64, List.of(new AlternateCareOfAddress(CARE_OF)))));
        assertRejected(BindingRejection.MISSING_AUTHORIZATION, null,
                verify(update(10, 64, new NonceIndices(nonce.index(), nonce.index()))));
        List<MobilityOption> shortAuth = new ArrayList<>(update(10, 64, new NonceIndices(1, 1)).options());
        shortAuth.add(new BindingAuthorizationData(new byte[4]));
        assertRejected(BindingRejection.MISSING_AUTHORIZATION, null,
                verify(BindingUpdate.toCorrespondent(10, 64, shortAuth)));
    }

    @Test
    void homeRegistrationIsNotACorrespondentsBusiness() {
        BindingUpdate h = new BindingUpdate(10, true, true, false, false, 64, List.of());
        assertRejected(BindingRejection.HOME_REGISTRATION_NOT_SUPPORTED,
                BindingAckStatus.HOME_REGISTRATION_NOT_SUPPORTED, verify(h));
    }

    @Test
    void deregistrationNeedsOnlyTheHomeNonce() {
        assertTrue(verifySigned(10, 64).accepted());
        BindingManagementKey homeOnly = BindingManagementKey.forDeregistration(
                KeygenTokens.home(nonce.nodeKey(), HOME, nonce.value()));
        BindingUpdate bye = BindingAuthenticator.sign(BindingUpdate.toCorrespondent(11, 0,
                List.of(new NonceIndices(nonce.index(), 0xdead))), homeOnly, HOME, CORRESPONDENT);
        byte[] wire = MobilityHeaderEncoder.encode(bye, HOME, CORRESPONDENT);
        BindingVerdict v = verifier.verify((DecodeResult.Decoded) MobilityHeaderDecoder.rfc().decode(wire, HOME,
                CORRESPONDENT), BindingAddresses.of(bye, HOME, CORRESPONDENT, null));
        assertTrue(v.accepted(), v::toString);
        assertNull(cache.lookup(HOME));
    }

    @Test
    void nodeKeyChangeKeepsEarlierNoncesUsable() {
        nonces.regenerateNodeKey();
        assertTrue(verifySigned(10, 64).accepted()); // tokens made before the change still verify
        Nonce fresh = nonces.current();
        assertTrue(fresh.index() != nonce.index());
    }
}
