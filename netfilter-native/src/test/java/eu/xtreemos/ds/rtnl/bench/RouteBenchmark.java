package eu.xtreemos.ds.rtnl.bench;

import eu.xtreemos.ds.nfq.bench.NearestRank;
import eu.xtreemos.ds.rtnl.ClientSteering;
import eu.xtreemos.ds.rtnl.IpPrefix;
import eu.xtreemos.ds.rtnl.NetlinkException;
import eu.xtreemos.ds.rtnl.Route;
import eu.xtreemos.ds.rtnl.RouteTable;
import eu.xtreemos.ds.rtnl.Seg6Encap;
import eu.xtreemos.ds.tcp.ScratchNamespace;

import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Times one route switch over rtnetlink ({@link RouteTable}) against spawning {@code ip}, in a scratch
 * namespace with a veth pair: each switch moves {@code <svc>/128 from <client>/128} to the other of
 * two next hops, and waits for the kernel's ack. Needs root.
 *
 * <p>Usage: {@code RouteBenchmark [switches (10000)] [spawns (100)]}; prints mean, median, p90, p99
 * and max in microseconds per request.
 */
public final class RouteBenchmark {
    private RouteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int switches = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int spawns = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        run(switches, spawns, System.out);
    }

    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    public static void run(int switches, int spawns, PrintStream out) throws Exception {
        try (ScratchNamespace s = new ScratchNamespace("dsrtbench")) {
            for (String[] cmd : List.of(
                    new String[]{"ip", "link", "add", "d0", "type", "veth", "peer", "name", "d0p"},
                    new String[]{"ip", "link", "set", "d0", "up"}, new String[]{"ip", "link", "set", "d0p", "up"},
                    new String[]{"ip", "addr", "add", "fd00:d5:ef:1::1/64", "dev", "d0", "nodad"},
                    new String[]{"ip", "addr", "add", "10.239.1.1/24", "dev", "d0"})) {
                if (s.exec(cmd) != 0) {
                    throw new IllegalStateException("failed: " + String.join(" ", cmd));
                }
            }
            try (RouteTable routes = s.ns.call(RouteTable::open)) {
                int d0 = routes.linkIndex("d0");
                IpPrefix svc = IpPrefix.parse("fd00:d5:ef:5::1/128"), client = IpPrefix.parse("fd00:d5:ef:2::a/128");
                InetAddress[] gw6 = {ip("fd00:d5:ef:1::2"), ip("fd00:d5:ef:1::3")};
                InetAddress[] gw4 = {ip("10.239.1.2"), ip("10.239.1.3")};
                Inet6Address[] seg = {(Inet6Address) gw6[0], (Inet6Address) gw6[1]};
                ClientSteering steering = new ClientSteering(routes);

                out.printf("route switching, %d switches per row (after %d warm-up), %d spawns of ip%n",
                        switches, Math.min(switches, 1000), spawns);
                out.printf("%-52s %9s %9s %9s %9s %9s%n", "request", "mean us", "median", "p90", "p99", "max");
                report(out, "replaceRoute IPv6 src-specific, ifindex", switches,
                        i -> routes.replaceRoute(svc, client, gw6[i & 1], d0));
                report(out, "replaceRoute IPv6 src-specific, ifname (+GETLINK)", switches,
                        i -> routes.replaceRoute(svc, client, gw6[i & 1], "d0"));
                report(out, "steer IPv4 (route in client table + rule EEXIST)", switches,
                        i -> steering.steer(ip("10.239.2.10"), ip("10.239.5.1"), gw4[i & 1], d0));
                report(out, "replace IPv4 route in client table only", switches,
                        i -> routes.replace(Route.to(IpPrefix.parse("10.239.5.1/32")).via(gw4[i & 1]).dev(d0)
                                .inTable(ClientSteering.tableFor(ip("10.239.2.10")))));
                if (eu.xtreemos.ds.probe.KernelProbe.has(eu.xtreemos.ds.probe.Capability.SRV6)) {
                    report(out, "replaceSeg6Route inline, 1 segment", switches,
                            i -> routes.replace(Route.to(IpPrefix.parse("fd00:d5:ef:6::1/128")).dev(d0)
                                    .withSeg6(new Seg6Encap(Seg6Encap.Mode.INLINE, List.of(seg[i & 1])))));
                } else {
                    out.println("replaceSeg6Route inline: not measured: "
                            + eu.xtreemos.ds.probe.KernelProbe.result(eu.xtreemos.ds.probe.Capability.SRV6).reason());
                }
                report(out, "linkIndex (RTM_GETLINK)", switches, i -> routes.linkIndex("d0"));
                report(out, "listRoutes IPv6 (dump, ~10 routes)", Math.max(1, switches / 10),
                        i -> routes.listRoutes(StandardProtocolFamily.INET6));
                report(out, "spawn: ip -n <ns> -6 route replace ... (process)", spawns, i -> {
                    Process p = new ProcessBuilder("ip", "-n", s.name, "-6", "route", "replace", svc.toString(), "from", client.toString(),
                            "via", IpPrefix.text(gw6[i & 1]), "dev", "d0").redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                        throw new IllegalStateException("ip route replace failed");
                    }
                });

                Route last = routes.listRoutes(StandardProtocolFamily.INET6).stream()
                        .filter(r -> r.dst().equals(svc) && client.equals(r.src())).findFirst().orElseThrow();
                out.println("final route: " + last);
            }
        }
    }

    interface Step {
        void run(int i) throws Exception;
    }

    static void report(PrintStream out, String name, int n, Step step) throws Exception {
        int[] enomem = {0};
        for (int i = 0; i < Math.min(n, 1000); i++) { // warm-up: JIT, neighbour entries, kernel caches
            runRetryingEnomem(step, i, enomem);
        }
        enomem[0] = 0;
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            runRetryingEnomem(step, i, enomem);
            t[i] = System.nanoTime() - t0;
        }
        Arrays.sort(t);
        double mean = Arrays.stream(t).average().orElse(0) / 1000.0;
        out.printf("%-52s %9.1f %9.1f %9.1f %9.1f %9.1f%s%n", name, mean, NearestRank.of(t, 50) / 1000.0,
                NearestRank.of(t, 90) / 1000.0, NearestRank.of(t, 99) / 1000.0, t[n - 1] / 1000.0,
                enomem[0] == 0 ? "" : "  (" + enomem[0] + " ENOMEM answers, retried)");
    }

    /**
     * Seen once on this machine: a seg6 route replace answered ENOMEM (errno 12) after tens of
     * thousands of quick replacements. Count it and retry (the time includes the retries).
     */
    static void runRetryingEnomem(Step step, int i, int[] enomem) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                step.run(i);
                return;
            } catch (NetlinkException e) {
                if (e.errno() != 12 || attempt == 100) {
                    throw e;
                }
                enomem[0]++;
                Thread.sleep(1);
            }
        }
    }
}
