package eu.xtreemos.ds.dsco.ha;

import eu.xtreemos.ds.rtnl.ClientSteering;
import eu.xtreemos.ds.rtnl.IpPrefix;
import eu.xtreemos.ds.rtnl.NetlinkException;
import eu.xtreemos.ds.rtnl.RouteTable;

import eu.xtreemos.ds.rtnl.Route;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.LinkedHashMap;
import java.util.Map;

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

    @Override
    public Map<InetAddress, InetAddress> steered(InetAddress service) throws IOException {
        Map<InetAddress, InetAddress> out = new LinkedHashMap<>();
        boolean v4 = service instanceof Inet4Address;
        try {
            for (Route r : table.listRoutes(v4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6)) {
                if (r.dst() == null || !r.dst().address().equals(service) || r.gateway() == null) {
                    continue;
                }
                if (!v4 && r.src() != null && r.src().length() == 128) {
                    out.put(r.src().address(), r.gateway()); // <svc>/128 from <client>/128 via <node>
                } else if (v4 && r.table() != Route.MAIN_TABLE && r.table() != 0 && (r.table() < 253 || r.table() > 255)) {
                    int t = r.table(); // ClientSteering numbers a client's table by its address
                    out.put(InetAddress.getByAddress(new byte[] {(byte) (t >>> 24), (byte) (t >>> 16), (byte) (t >>> 8), (byte) t}),
                            r.gateway());
                }
            }
        } catch (NetlinkException e) {
            throw new IOException(e.getMessage(), e);
        }
        return out;
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
