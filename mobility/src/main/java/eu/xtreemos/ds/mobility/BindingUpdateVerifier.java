package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;

/**
 * A correspondent's check of a Binding Update (RFC 6275 §9.5.1), and the cache change if it passes. An
 * update is accepted only with a Nonce Indices option naming nonces still honoured, an authenticator
 * made with the Kbm those nonces and the two addresses give, and a sequence number newer than the
 * binding's. Otherwise the verdict names the reason and the acknowledgement status (if any), so callers
 * can count and log forged updates.
 */
public final class BindingUpdateVerifier {
    private final NonceTable nonces;
    private final BindingCache cache;

    public BindingUpdateVerifier(NonceTable nonces, BindingCache cache) {
        this.nonces = nonces;
        this.cache = cache;
    }

    /** Checks {@code received} (a decoded Binding Update) and, if it is good, updates the cache. */
    public BindingVerdict verify(DecodeResult.Decoded received, BindingAddresses addresses) {
        if (!(received.message() instanceof BindingUpdate bu)) {
            throw new IllegalArgumentException("not a Binding Update: " + received.message().type());
        }
        BindingCacheEntry existing = cache.lookup(addresses.homeAddress());
        int lastSequence = existing == null ? 0 : existing.sequence();
        if (bu.homeRegistration()) {
            return new BindingVerdict.Rejected(BindingRejection.HOME_REGISTRATION_NOT_SUPPORTED,
                    "H flag set in an update sent to a correspondent", lastSequence, null);
        }
        NonceIndices indices = bu.option(NonceIndices.class);
        if (indices == null) {
            return new BindingVerdict.Rejected(BindingRejection.MISSING_NONCE_INDICES,
                    "no Nonce Indices option", lastSequence, null);
        }
        BindingAuthorizationData bad = bu.option(BindingAuthorizationData.class);
        if (bad == null || bad.authenticator().length != BindingAuthenticator.LENGTH) {
            return new BindingVerdict.Rejected(BindingRejection.MISSING_AUTHORIZATION,
                    bad == null ? "no Binding Authorization Data option"
                            : "authenticator of " + bad.authenticator().length + " octets", lastSequence, null);
        }
        boolean deregistration = bu.lifetimeUnits() == 0 || addresses.atHome();
        Nonce home = nonces.lookup(indices.homeNonceIndex());
        Nonce careOf = deregistration ? null : nonces.lookup(indices.careOfNonceIndex());
        if (home == null || (careOf == null && !deregistration)) {
            BindingRejection r = home == null && careOf == null && !deregistration ? BindingRejection.EXPIRED_NONCES
                    : home == null ? BindingRejection.EXPIRED_HOME_NONCE_INDEX
                    : BindingRejection.EXPIRED_CARE_OF_NONCE_INDEX;
            return new BindingVerdict.Rejected(r, "nonce indices home " + indices.homeNonceIndex() + ", care-of "
                    + indices.careOfNonceIndex(), lastSequence, null);
        }
        BindingManagementKey kbm = kbm(addresses, home, careOf);
        if (!BindingAuthenticator.verify(received, kbm, addresses.careOfAddress(), addresses.correspondent())) {
            return new BindingVerdict.Rejected(BindingRejection.BAD_AUTHENTICATOR, "authenticator does not match for "
                    + describe(addresses), lastSequence, null);
        }
        if (existing != null && !SequenceNumber.isNewer(bu.sequence(), existing.sequence())) {
            return new BindingVerdict.Rejected(BindingRejection.SEQUENCE_NUMBER_OUT_OF_WINDOW, "sequence "
                    + bu.sequence() + " is not newer than " + existing.sequence(), existing.sequence(), kbm);
        }
        if (deregistration) {
            cache.remove(addresses.homeAddress(), "deregistered by the mobile node");
            return new BindingVerdict.Accepted(null, kbm, 0);
        }
        int granted = Math.min(bu.lifetimeUnits(), ReturnRoutabilityLimits.MAX_RR_BINDING_LIFETIME_UNITS);
        BindingCacheEntry entry = cache.bind(addresses.homeAddress(), addresses.careOfAddress(), bu.sequence(),
                granted, false);
        return new BindingVerdict.Accepted(entry, kbm, granted);
    }

    private static BindingManagementKey kbm(BindingAddresses a, Nonce home, Nonce careOf) {
        long homeToken = KeygenTokens.home(home.nodeKey(), a.homeAddress(), home.value());
        if (careOf == null) {
            return BindingManagementKey.forDeregistration(homeToken);
        }
        return BindingManagementKey.of(homeToken, KeygenTokens.careOf(careOf.nodeKey(), a.careOfAddress(),
                careOf.value()));
    }

    private static String describe(BindingAddresses a) {
        return "home " + a.homeAddress().getHostAddress() + ", care-of " + a.careOfAddress().getHostAddress();
    }
}
