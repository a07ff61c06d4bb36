package eu.xtreemos.ds.dsco.membership;

import org.jgroups.blocks.cs.NioServer;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.FD_SOCK2;

import org.jgroups.Address;

import java.net.InetAddress;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * FD_SOCK2 listening on the node's own address, and whose connections to the neighbour's failure-detection socket leave from the node's own address.
 * JGroups binds them to no address, so the kernel picks the source: on a node whose service address is marked as
 * a Mobile IPv6 home address that would be the service address (RFC 6724 rule 4), which every node owns — the
 * neighbour's answer would stay on the neighbour. It takes FD_SOCK2's protocol id, so its headers are FD_SOCK2's.
 * It also tells {@code suspected} whom it suspects, on every member: FD_SOCK2 itself passes a suspicion on to the
 * group's verification only on the member that coordinates (or would, without the suspects).
 */
final class BoundFdSock extends FD_SOCK2 {
    private final Consumer<String> suspected;

    BoundFdSock(InetAddress nodeAddress, Consumer<String> suspected) {
        setId(ClassConfigurator.getProtocolId(FD_SOCK2.class));
        setBindAddress(nodeAddress);
        this.suspected = suspected;
    }

    @Override
    protected void suspect(Collection<Address> members) {
        if (members != null) {
            for (Address a : members) {
                if (!a.equals(local_addr)) {
                    suspected.accept(String.valueOf(a));
                }
            }
        }
        super.suspect(members);
    }

    @Override
    protected NioServer createServer(int[] ports) {
        NioServer server = super.createServer(ports);
        server.clientBindAddress(bind_addr);
        return server;
    }
}
