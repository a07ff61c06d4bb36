package eu.xtreemos.ds.jmh;

import eu.xtreemos.ds.nfq.InflightSet;
import eu.xtreemos.ds.rtnl.IpPrefix;
import eu.xtreemos.ds.rtnl.RouteTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kernel requests of a handoff over netlink, in a scratch namespace with a veth pair: the HA's route
 * switch ({@code <svc>/128 from <client>/128} to the other of two next hops, acknowledged), and putting a
 * client in and out of flight (ipset add + delete).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED"})
@State(Scope.Thread)
public class NetlinkBench {
    private Scratch scratch;
    private RouteTable routes;
    private InflightSet inflight;
    private int ifindex;
    private final IpPrefix svc = IpPrefix.parse("fd00:d5:5b:5::1/128"), client = IpPrefix.parse("fd00:d5:5b:2::a/128");
    private InetAddress[] gateways;
    private InetAddress clientAddress;
    private int i;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        scratch = new Scratch();
        scratch.must("link", "add", "d0", "type", "veth", "peer", "name", "d0p");
        scratch.must("link", "set", "d0", "up");
        scratch.must("link", "set", "d0p", "up");
        scratch.must("addr", "add", "fd00:d5:5b:1::1/64", "dev", "d0", "nodad");
        scratch.must("addr", "add", "fd00:d5:5b:5::1/128", "dev", "lo", "nodad");
        routes = scratch.ns.call(RouteTable::open);
        ifindex = routes.linkIndex("d0");
        gateways = new InetAddress[] {InetAddress.getByName("fd00:d5:5b:1::2"), InetAddress.getByName("fd00:d5:5b:1::3")};
        clientAddress = InetAddress.getByName("fd00:d5:5b:2::a");
        inflight = new InflightSet(scratch.ns, "bnjmh", 13, List.of(InetAddress.getByName("fd00:d5:5b:5::1")));
        inflight.install();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        inflight.uninstall();
        routes.close();
        scratch.close();
    }

    @Benchmark
    public void routeSwitch() {
        routes.replaceRoute(svc, client, gateways[i++ & 1], ifindex);
    }

    @Benchmark
    public void inflightAddRemove() throws Exception {
        inflight.add(clientAddress);
        inflight.remove(clientAddress);
    }
}
