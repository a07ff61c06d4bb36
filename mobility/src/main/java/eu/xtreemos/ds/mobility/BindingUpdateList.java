package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The mobile node's side (RFC 6275 §11): runs return routability with each correspondent, sends
 * authorized Binding Updates with increasing sequence numbers, and checks the acknowledgements. Keyed by
 * correspondent and home address. In Distributed Servers the "mobile node" is the serving node, its
 * home address the service address and its care-of address the node's own address.
 *
 * <p>Binding Updates are sent from the home address with an Alternate Care-of Address option (see
 * {@link BindingAddresses}), since kernels without CONFIG_IPV6_MIP6 drop a Home Address option.
 */
public final class BindingUpdateList {
    private record Key(Inet6Address correspondent, Inet6Address homeAddress) {
    }

    private static final class Binding {
        Inet6Address careOf;
        ReturnRoutabilityState rr;
        BindingUpdateListEntry entry; // null until the first update
        BindingManagementKey kbm; // the key the last update was signed with, to check its acknowledgement
        int sequence;
    }

    private final Clock clock;
    private final Random random;
    private final Map<Key, Binding> bindings = new HashMap<>();

    public BindingUpdateList(Clock clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    /** The HoTI (send from the home address, through the home agent) and CoTI (from the care-of address). */
    public record ReturnRoutabilityStart(OutgoingMessage homeTestInit, OutgoingMessage careOfTestInit) {
    }

    /** Starts (or restarts) return routability with {@code correspondent} for a move to {@code careOf}. */
    public synchronized ReturnRoutabilityStart startReturnRoutability(Inet6Address correspondent, Inet6Address home,
                                                                      Inet6Address careOf) {
        Binding b = bindings.computeIfAbsent(new Key(correspondent, home), k -> {
            Binding fresh = new Binding();
            fresh.sequence = random.nextInt(1 << 16); // RFC 6275 lets the first number be anything
            return fresh;
        });
        b.careOf = careOf;
        b.rr = ReturnRoutabilityState.started(random.nextLong(), random.nextLong());
        return new ReturnRoutabilityStart(
                new OutgoingMessage(new HomeTestInit(b.rr.homeCookie()), home, correspondent),
                new OutgoingMessage(new CareOfTestInit(b.rr.careOfCookie()), careOf, correspondent));
    }

    /** Takes a HoT that came from {@code correspondent} to {@code home}; false if its cookie is not ours. */
    public synchronized boolean acceptHomeTest(Inet6Address correspondent, Inet6Address home, HomeTest hot) {
        Binding b = bindings.get(new Key(correspondent, home));
        if (b == null || b.rr == null || b.rr.homeCookie() != hot.homeInitCookie()) {
            return false;
        }
        b.rr = b.rr.withHome(new ReturnRoutabilityState.Token(hot.homeKeygenToken(), hot.homeNonceIndex(),
                clock.instant()));
        return true;
    }

    /** Takes a CoT that came from {@code correspondent} to the care-of address; false if not expected. */
    public synchronized boolean acceptCareOfTest(Inet6Address correspondent, Inet6Address home, CareOfTest cot) {
        Binding b = bindings.get(new Key(correspondent, home));
        if (b == null || b.rr == null || b.rr.careOfCookie() != cot.careOfInitCookie()) {
            return false;
        }
        b.rr = b.rr.withCareOf(new ReturnRoutabilityState.Token(cot.careOfKeygenToken(), cot.careOfNonceIndex(),
                clock.instant()));
        return true;
    }

    /** Whether both keygen tokens are in hand and fresh, so {@link #bindingUpdate} can be called. */
    public synchronized boolean readyToBind(Inet6Address correspondent, Inet6Address home) {
        Binding b = bindings.get(new Key(correspondent, home));
        return b != null && b.rr != null && b.rr.completeAt(clock.instant());
    }

    /**
     * The next authorized Binding Update to {@code correspondent} asking for {@code lifetimeUnits} × 4 s
     * (0 deregisters, needing only the home token). Throws IllegalStateException if return routability
     * has not completed or its tokens are older than {@link ReturnRoutabilityLimits#MAX_TOKEN_LIFETIME}.
     */
    public synchronized OutgoingMessage bindingUpdate(Inet6Address correspondent, Inet6Address home,
                                                      int lifetimeUnits) {
        Binding b = bindings.get(new Key(correspondent, home));
        Instant now = clock.instant();
        boolean deregister = lifetimeUnits == 0;
        if (b == null || b.rr == null || b.rr.home() == null || !b.rr.home().freshAt(now)
                || (!deregister && !b.rr.completeAt(now))) {
            throw new IllegalStateException("return routability with " + correspondent.getHostAddress()
                    + " is not complete or its tokens are stale: run it first");
        }
        b.sequence = SequenceNumber.next(b.sequence);
        int careOfIndex = deregister ? 0 : b.rr.careOf().nonceIndex();
        List<MobilityOption> options = new ArrayList<>();
        if (!deregister) {
            options.add(new AlternateCareOfAddress(b.careOf));
        }
        options.add(new NonceIndices(b.rr.home().nonceIndex(), careOfIndex));
        Inet6Address careOf = deregister ? home : b.careOf;
        b.kbm = deregister ? BindingManagementKey.forDeregistration(b.rr.home().value())
                : BindingManagementKey.of(b.rr.home().value(), b.rr.careOf().value());
        BindingUpdate bu = BindingAuthenticator.sign(BindingUpdate.toCorrespondent(b.sequence, lifetimeUnits, options),
                b.kbm, careOf, correspondent);
        b.entry = new BindingUpdateListEntry(correspondent, home, careOf, b.sequence, lifetimeUnits, now, null);
        return new OutgoingMessage(bu, home, correspondent);
    }

    /**
     * Like {@link #bindingUpdate(Inet6Address, Inet6Address, int)} with the sequence number given: in
     * Distributed Servers every node of the service binds the same home address at the client, so the
     * numbers come from one place (the contact node's {@link #reserveSequence}) to keep them increasing.
     */
    public synchronized OutgoingMessage bindingUpdate(Inet6Address correspondent, Inet6Address home,
                                                      int lifetimeUnits, int sequence) {
        if (sequence < 0 || sequence > 0xFFFF) {
            throw new IllegalArgumentException("sequence number " + sequence + " is not 16 bits");
        }
        Binding b = bindings.get(new Key(correspondent, home));
        if (b != null) {
            b.sequence = (sequence - 1) & 0xFFFF; // bindingUpdate takes the next one
        }
        return bindingUpdate(correspondent, home, lifetimeUnits);
    }

    /**
     * Takes the next sequence number for updates to {@code correspondent} for {@code home} without sending
     * one: the contact node gives it to the node that will send the update.
     */
    public synchronized int reserveSequence(Inet6Address correspondent, Inet6Address home) {
        Binding b = bindings.computeIfAbsent(new Key(correspondent, home), k -> {
            Binding fresh = new Binding();
            fresh.sequence = random.nextInt(1 << 16);
            return fresh;
        });
        b.sequence = SequenceNumber.next(b.sequence);
        return b.sequence;
    }

    /** Checks a Binding Acknowledgement that came from {@code correspondent} for {@code home}. */
    public synchronized AcknowledgementOutcome acceptAcknowledgement(Inet6Address correspondent, Inet6Address home,
                                                                     DecodeResult.Decoded received) {
        Binding b = bindings.get(new Key(correspondent, home));
        if (!(received.message() instanceof BindingAcknowledgement ba) || b == null || b.entry == null) {
            return AcknowledgementOutcome.UNEXPECTED;
        }
        BindingAckStatus status = ba.knownStatus();
        if (!ba.accepted()) {
            // nonce refusals cannot be signed (the correspondent has no Kbm); they only make us redo RR
            if (status == BindingAckStatus.EXPIRED_HOME_NONCE_INDEX || status == BindingAckStatus.EXPIRED_NONCES
                    || status == BindingAckStatus.EXPIRED_CARE_OF_NONCE_INDEX) {
                b.rr = null;
                return AcknowledgementOutcome.REFUSED_RUN_RETURN_ROUTABILITY_AGAIN;
            }
            if (status == BindingAckStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW
                    && BindingAuthenticator.verify(received, b.kbm, b.entry.careOfAddress(), correspondent)) {
                b.sequence = ba.sequence(); // the next update goes past the correspondent's number
            }
            return AcknowledgementOutcome.REFUSED;
        }
        if (ba.sequence() != b.entry.sequence()) {
            return AcknowledgementOutcome.UNEXPECTED;
        }
        if (!BindingAuthenticator.verify(received, b.kbm, b.entry.careOfAddress(), correspondent)) {
            return AcknowledgementOutcome.BAD_AUTHENTICATOR;
        }
        Instant until = b.entry.sent().plus(Duration.ofSeconds(ba.lifetimeUnits() * 4L));
        b.entry = new BindingUpdateListEntry(correspondent, home, b.entry.careOfAddress(), b.entry.sequence(),
                ba.lifetimeUnits(), b.entry.sent(), until);
        return AcknowledgementOutcome.ACCEPTED;
    }

    /** The entry for a correspondent, or null (the seed's getBUSeqNo reads its sequence number). */
    public synchronized BindingUpdateListEntry lookup(Inet6Address correspondent, Inet6Address home) {
        Binding b = bindings.get(new Key(correspondent, home));
        return b == null ? null : b.entry;
    }

    /** Forgets a correspondent (the seed's deleteBU); true if there was an entry. */
    public synchronized boolean remove(Inet6Address correspondent, Inet6Address home) {
        return bindings.remove(new Key(correspondent, home)) != null;
    }

    public synchronized List<BindingUpdateListEntry> entries() {
        List<BindingUpdateListEntry> out = new ArrayList<>();
        for (Binding b : bindings.values()) {
            if (b.entry != null) {
                out.add(b.entry);
            }
        }
        return out;
    }
}
