package eu.xtreemos.ds.dsco.membership;

import org.jgroups.Address;
import org.jgroups.PhysicalAddress;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.TCP;
import org.jgroups.stack.IpAddress;

import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JGroups' TCP, which stops connecting for a while to addresses outside the group on a host a connect() to which
 * timed out.
 * JGroups holds one lock across every connect() a member makes (BaseServer.getConnection): while one connect waits
 * on a node that vanished, no other connection can be opened and no view can be installed (it closes connections
 * under the same lock). Discovery (TCPPING, every MERGE3 round, every one to three detection times) asks every port
 * slot of every node: a node cut off the network costs {@link Membership#PORT_SLOTS} connect timeouts in a row, each
 * round, and delayed the new view after a contact node's death by up to two seconds. So once a connect() to a host
 * (any port) times out, the host counts as silent for {@code backoffMs}: its addresses that belong to no member of
 * the current view (other port slots, a dead incarnation) are not tried meanwhile, unless a connection to one is
 * open (the node came back and connected itself). An address of a member is always tried: dropping a live
 * member's messages could get it suspected. It takes TCP's protocol id, so its headers are TCP's.
 */
final class BackingOffTcp extends TCP {
    private final long backoffNanos;
    private final Map<InetAddress, Long> silentUntil = new ConcurrentHashMap<>(); // host -> nanoTime
    private final Map<InetAddress, Object> hostLocks = new ConcurrentHashMap<>();

    BackingOffTcp(long backoffMs) {
        setId(ClassConfigurator.getProtocolId(TCP.class));
        this.backoffNanos = backoffMs * 1_000_000;
    }

    @Override
    public void send(Address dest, byte[] data, int offset, int length) throws Exception {
        if (!(dest instanceof IpAddress ip) || srv == null || srv.connectionEstablishedTo(dest)) {
            super.send(dest, data, offset, length);
            return;
        }
        // New connections to one host are made one at a time, so that the sends queued behind a connect that
        // times out see the host silent (they would otherwise each wait on JGroups' lock and time out in turn).
        InetAddress host = ip.getIpAddress();
        synchronized (hostLocks.computeIfAbsent(host, h -> new Object())) {
            Long until = silentUntil.get(host);
            if (until != null) {
                if (System.nanoTime() - until >= 0) {
                    silentUntil.remove(host, until);
                } else if (!isMember(dest) && !srv.connectionEstablishedTo(dest)) {
                    return; // dropped, as a send to a vanished node would be after the timeout
                }
            }
            try {
                super.send(dest, data, offset, length);
            } catch (SocketTimeoutException e) {
                silentUntil.put(host, System.nanoTime() + backoffNanos);
                throw e;
            }
        }
    }

    /** Whether {@code physical} is the address of a member of the current view. */
    private boolean isMember(Address physical) {
        for (Address m : members) {
            PhysicalAddress p = getPhysicalAddressFromCache(m);
            if (physical.equals(p)) {
                return true;
            }
        }
        return false;
    }
}
