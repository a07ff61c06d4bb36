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
        try {
            steering.steer(client, service, node, ifname);
        } catch (NetlinkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void setDefault(InetAddress service, InetAddress node) throws IOException {
        try {
            table.replaceRoute(IpPrefix.host(service), null, node, ifname);
        } catch (NetlinkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        table.close();
    }
}
