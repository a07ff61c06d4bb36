package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Bindings by home address (RFC 6275 §9.1), kept by a correspondent (route optimization) or a home agent
 * (home registrations). Entries expire at the end of their lifetime. Listeners hear of every change, so
 * a data-plane backend (SRv6 routes, XFRM) can follow the cache.
 */
public final class BindingCache {
    /** Told of bindings made, changed and removed; called with no lock held, on the changing thread. */
    public interface Listener {
        void bound(BindingCacheEntry entry);

        void unbound(BindingCacheEntry entry, String why);
    }

    private final Clock clock;
    private final Map<Inet6Address, BindingCacheEntry> entries = new HashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public BindingCache(Clock clock) {
        this.clock = clock;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** The live binding for a home address, or null. */
    public BindingCacheEntry lookup(Inet6Address homeAddress) {
        BindingCacheEntry e;
        synchronized (this) {
            e = entries.get(homeAddress);
            if (e == null || !e.expiredAt(clock.instant())) {
                return e;
            }
            entries.remove(homeAddress); // only this entry: a look-up stays O(1) in a large cache
        }
        listeners.forEach(l -> l.unbound(e, "expired"));
        return null;
    }

    /** Where to send traffic for {@code destination}: its care-of address if bound, else itself. */
    public Inet6Address route(Inet6Address destination) {
        BindingCacheEntry e = lookup(destination);
        return e == null ? destination : e.careOfAddress();
    }

    /** Makes or replaces the binding for {@code homeAddress} for {@code lifetimeUnits} × 4 s. */
    public BindingCacheEntry bind(Inet6Address homeAddress, Inet6Address careOfAddress, int sequence,
                                  int lifetimeUnits, boolean homeRegistration) {
        Instant expires = clock.instant().plus(Duration.ofSeconds(lifetimeUnits * 4L));
        BindingCacheEntry e = new BindingCacheEntry(homeAddress, careOfAddress, sequence, expires, homeRegistration);
        synchronized (this) {
            entries.put(homeAddress, e);
        }
        listeners.forEach(l -> l.bound(e));
        return e;
    }

    /** Removes the binding for a home address; returns it, or null if there was none. */
    public BindingCacheEntry remove(Inet6Address homeAddress, String why) {
        BindingCacheEntry e;
        synchronized (this) {
            e = entries.remove(homeAddress);
        }
        if (e != null) {
            listeners.forEach(l -> l.unbound(e, why));
        }
        return e;
    }

    /** Removes the expired entries and returns them (listeners are told "expired"). */
    public List<BindingCacheEntry> expire() {
        Instant now = clock.instant();
        List<BindingCacheEntry> gone = new ArrayList<>();
        synchronized (this) {
            entries.values().removeIf(e -> {
                if (e.expiredAt(now)) {
                    gone.add(e);
                    return true;
                }
                return false;
            });
        }
        for (BindingCacheEntry e : gone) {
            listeners.forEach(l -> l.unbound(e, "expired"));
        }
        return gone;
    }

    /** The live entries. */
    public List<BindingCacheEntry> entries() {
        expire();
        synchronized (this) {
            return List.copyOf(entries.values());
        }
    }
}
