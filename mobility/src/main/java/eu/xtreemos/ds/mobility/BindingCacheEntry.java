package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;
import java.time.Instant;

/**
 * A binding (RFC 6275 §9.1): traffic for {@code homeAddress} goes to {@code careOfAddress} until
 * {@code expires}. {@code sequence} is the last accepted Binding Update's; {@code homeRegistration} tells
 * a home agent's entry (H flag) from a correspondent's.
 */
public record BindingCacheEntry(Inet6Address homeAddress, Inet6Address careOfAddress, int sequence,
                                Instant expires, boolean homeRegistration) {
    public BindingCacheEntry {
        Fields.address("home address", homeAddress);
        Fields.address("care-of address", careOfAddress);
        Fields.u16("sequence", sequence);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expires);
    }
}
