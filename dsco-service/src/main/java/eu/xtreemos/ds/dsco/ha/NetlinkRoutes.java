package eu.xtreemos.ds.dsco.ha;

import eu.xtreemos.ds.rtnl.ClientSteering;
import eu.xtreemos.ds.rtnl.IpPrefix;
import eu.xtreemos.ds.rtnl.NetlinkException;
import eu.xtreemos.ds.rtnl.RouteTable;

import java.io.IOException;
import java.net.InetAddress;

/** The HA's routes programmed over rtnetlink (no spawned commands on the handoff path). */
public final class NetlinkRoutes implements RouteProgrammer {
    private final RouteTable table;
    private final ClientSteering steering;
    private final String ifname;

    public NetlinkRoutes(String ifname) {
        this.table = RouteTable.open();
        this.steering = new ClientSteering(table);
        this.ifname = ifname;
    }

    @Override
    public void steer(InetAddress service, InetAddress client, InetAddress node) throws IOException {
        retryOnce(() -> steering.steer(client, service, node, ifname));
    }

    @Override
    public void setDefault(InetAddress service, int prefixLength, InetAddress node) throws IOException {
        IpPrefix prefix = IpPrefix.parse(IpPrefix.text(network(service, prefixLength)) + "/" + prefixLength);
        retryOnce(() -> table.replaceRoute(prefix, null, node, ifname));
    }

    /** The address with its host bits cleared (the kernel wants a network address for a prefix route). */
    static InetAddress network(InetAddress a, int prefixLength) throws IOException {
        byte[] b = a.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        return InetAddress.getByAddress(b);
    }

    /** A replace is safe to repeat; the kernel has been seen to answer ENOMEM once under a burst of them. */
    private static void retryOnce(Runnable r) throws IOException {
        try {
            r.run();
        } catch (NetlinkException first) {
            try {
                Thread.sleep(1);
                r.run();
            } catch (NetlinkException e) {
                throw new IOException(e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(first.getMessage(), first);
            }
        }
    }

    @Override
    public void close() {
        table.close();
    }
}
