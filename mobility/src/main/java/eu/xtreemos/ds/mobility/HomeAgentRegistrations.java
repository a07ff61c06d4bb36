package eu.xtreemos.ds.mobility;

import eu.xtreemos.ds.rtnl.IpPrefix;
import java.util.List;

/**
 * A home agent's handling of home registrations (Binding Updates with H set, RFC 6275 §10.3.1) into a
 * {@link BindingCache}: the home address must be on one of the served home prefixes, a correspondent
 * binding may not turn into a home registration, sequence numbers must advance, and the lifetime is
 * capped. RFC 6275 protects home registrations with IPsec; here the caller must have authenticated the
 * sender (in Distributed Servers the HA agent hears its nodes over the authenticated cluster link).
 */
public final class HomeAgentRegistrations {
    private final BindingCache cache;
    private final List<IpPrefix> homePrefixes;
    private final int maxLifetimeUnits;

    public HomeAgentRegistrations(BindingCache cache, List<IpPrefix> homePrefixes, int maxLifetimeUnits) {
        this.cache = cache;
        this.homePrefixes = List.copyOf(homePrefixes);
        this.maxLifetimeUnits = Fields.u16("maximum lifetime", maxLifetimeUnits);
    }

    /** Applies a home registration and returns the acknowledgement to send (to its care-of address). */
    public BindingAcknowledgement register(BindingUpdate bu, BindingAddresses a) {
        if (!bu.homeRegistration()) {
            throw new IllegalArgumentException("not a home registration (H flag clear): handle it as a correspondent");
        }
        if (homePrefixes.stream().noneMatch(p -> contains(p, a.homeAddress().getAddress()))) {
            return ack(BindingAckStatus.NOT_HOME_SUBNET, bu.sequence(), 0);
        }
        BindingCacheEntry existing = cache.lookup(a.homeAddress());
        if (existing != null && !existing.homeRegistration()) {
            return ack(BindingAckStatus.REGISTRATION_TYPE_CHANGE_DISALLOWED, bu.sequence(), 0);
        }
        if (existing != null && !SequenceNumber.isNewer(bu.sequence(), existing.sequence())) {
            return ack(BindingAckStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW, existing.sequence(), 0);
        }
        if (bu.lifetimeUnits() == 0 || a.atHome()) {
            cache.remove(a.homeAddress(), "home registration withdrawn");
            return ack(BindingAckStatus.ACCEPTED, bu.sequence(), 0);
        }
        int granted = Math.min(bu.lifetimeUnits(), maxLifetimeUnits);
        cache.bind(a.homeAddress(), a.careOfAddress(), bu.sequence(), granted, true);
        return ack(BindingAckStatus.ACCEPTED, bu.sequence(), granted);
    }

    private static BindingAcknowledgement ack(BindingAckStatus status, int sequence, int lifetimeUnits) {
        return new BindingAcknowledgement(status, sequence, lifetimeUnits);
    }

    private static boolean contains(IpPrefix p, byte[] address) {
        byte[] net = p.address().getAddress();
        if (net.length != address.length) {
            return false;
        }
        int bits = p.length();
        for (int i = 0; i < net.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((net[i] & mask) != (address[i] & mask)) {
                return false;
            }
        }
        return true;
    }
}
