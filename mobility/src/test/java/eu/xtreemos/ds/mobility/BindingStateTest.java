package eu.xtreemos.ds.mobility;

import static eu.xtreemos.ds.mobility.Addresses.CARE_OF;
import static eu.xtreemos.ds.mobility.Addresses.CORRESPONDENT;
import static eu.xtreemos.ds.mobility.Addresses.HOME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.xtreemos.ds.rtnl.IpPrefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sequence arithmetic, nonce rotation and expiry, the binding cache, and home registrations. */
class BindingStateTest {
    private final MutableClock clock = new MutableClock();

    @Test
    void serialNumberArithmetic() {
        assertTrue(SequenceNumber.isNewer(1, 0));
        assertTrue(SequenceNumber.isNewer(0, 0xffff));
        assertTrue(SequenceNumber.isNewer(32767, 0));
        assertFalse(SequenceNumber.isNewer(32768, 0)); // exactly half way: neither side is newer
        assertFalse(SequenceNumber.isNewer(0, 0));
        assertFalse(SequenceNumber.isNewer(0xffff, 0));
        assertEquals(0, SequenceNumber.next(0xffff));
    }

    @Test
    void noncesRotateAndExpire() {
        NonceTable t = new NonceTable(clock, new Random(1), Duration.ofSeconds(30), Duration.ofSeconds(240));
        Nonce first = t.current();
        assertSame(first, t.current());
        clock.advance(Duration.ofSeconds(30));
        Nonce second = t.current();
        assertEquals(SequenceNumber.next(first.index()), second.index());
        assertNotNull(t.lookup(first.index()));
        clock.advance(Duration.ofSeconds(211)); // first is 241 s old, second 211 s
        assertNull(t.lookup(first.index()));
        assertNotNull(t.lookup(second.index()));
        assertThrows(IllegalArgumentException.class,
                () -> new NonceTable(clock, new Random(), Duration.ofSeconds(30), Duration.ofSeconds(241)));
    }

    @Test
    void nodeKeyChangeStartsANewNonce() {
        NonceTable t = NonceTable.withDefaults(clock, new Random(1));
        Nonce before = t.current();
        t.regenerateNodeKey();
        Nonce after = t.current();
        assertNotEquals(before.index(), after.index());
        assertFalse(java.util.Arrays.equals(before.nodeKey(), after.nodeKey()));
        assertNotNull(t.lookup(before.index()));
    }

    @Test
    void cacheExpiresEntriesAndTellsListeners() {
        BindingCache cache = new BindingCache(clock);
        List<String> heard = new ArrayList<>();
        cache.addListener(new BindingCache.Listener() {
            @Override
            public void bound(BindingCacheEntry e) {
                heard.add("bound " + e.careOfAddress().getHostAddress());
            }

            @Override
            public void unbound(BindingCacheEntry e, String why) {
                heard.add("unbound " + why);
            }
        });
        cache.bind(HOME, CARE_OF, 1, 2, false); // 8 s
        clock.advance(Duration.ofSeconds(7));
        assertEquals(CARE_OF, cache.route(HOME));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(HOME, cache.route(HOME));
        assertEquals(List.of("bound fd00:d5:ed:0:0:0:0:2", "unbound expired"), heard);
        assertNull(cache.remove(HOME, "gone already"));
    }

    @Test
    void homeAgentRegistrations() {
        BindingCache cache = new BindingCache(clock);
        HomeAgentRegistrations ha = new HomeAgentRegistrations(cache, List.of(IpPrefix.parse("fd00:d5:ed::/64")), 100);
        BindingAddresses a = new BindingAddresses(HOME, CARE_OF, Addresses.of("fd00:d5:ed::ffff"));
        BindingUpdate home = new BindingUpdate(5, true, true, false, false, 500, List.of());

        BindingAcknowledgement ok = ha.register(home, a);
        assertEquals(BindingAckStatus.ACCEPTED, ok.knownStatus());
        assertEquals(100, ok.lifetimeUnits()); // capped
        assertTrue(cache.lookup(HOME).homeRegistration());

        assertEquals(BindingAckStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW, ha.register(home, a).knownStatus());
        assertEquals(5, ha.register(home, a).sequence());

        BindingAddresses foreign = new BindingAddresses(Addresses.of("fd00:aaaa::1"), CARE_OF, CORRESPONDENT);
        assertEquals(BindingAckStatus.NOT_HOME_SUBNET, ha.register(home, foreign).knownStatus());

        cache.bind(Addresses.of("fd00:d5:ed::7"), CARE_OF, 1, 10, false);
        BindingAddresses correspondentBound = new BindingAddresses(Addresses.of("fd00:d5:ed::7"), CARE_OF, CORRESPONDENT);
        assertEquals(BindingAckStatus.REGISTRATION_TYPE_CHANGE_DISALLOWED,
                ha.register(home, correspondentBound).knownStatus());

        BindingUpdate back = new BindingUpdate(6, true, true, false, false, 0, List.of());
        assertEquals(BindingAckStatus.ACCEPTED, ha.register(back, a).knownStatus());
        assertNull(cache.lookup(HOME));
        assertThrows(IllegalArgumentException.class,
                () -> ha.register(BindingUpdate.toCorrespondent(7, 1, List.of()), a));
    }
}
