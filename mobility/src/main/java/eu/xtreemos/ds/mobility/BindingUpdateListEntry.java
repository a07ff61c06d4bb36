package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;
import java.time.Instant;

/**
 * What a mobile node remembers of the bindings it asked a correspondent for (RFC 6275 §11.1): the
 * addresses, the last sequence number sent, the lifetime asked for, and until when the correspondent
 * acknowledged it (null: not acknowledged).
 */
public record BindingUpdateListEntry(Inet6Address correspondent, Inet6Address homeAddress,
                                     Inet6Address careOfAddress, int sequence, int lifetimeUnits,
                                     Instant sent, Instant acknowledgedUntil) {
    public boolean acknowledgedAt(Instant now) {
        return acknowledgedUntil != null && now.isBefore(acknowledgedUntil);
    }
}
