package eu.xtreemos.ds.vagrant;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's Mobile IPv6 route-optimization data plane in the Vagrant VMs, programmed with
 * {@code eu.xtreemos.ds.xfrm.MobileIpv6Xfrm} (provision/ds-run.sh xfrm) and seen on the wire: the client sends to
 * the service address through the server's own address with a type 2 routing header, the server answers from its
 * own address with a home address option, and a capture on ha (the router between them) shows both. Then the
 * client's binding moves to the contact node (its care-of address changed in place, as a handoff would) and the
 * same is seen with the contact node. Each time, bytes sent to an echo service on the service address come back
 * unchanged. Everything it sets up is removed at the end, also on failure.
 *
 * <p>This checks the data-plane primitives only, on both nodes (run-demo --mip6-probe); moving live connections with
 * them is dsco's route-optimization mode (run-demo --redirect route-optimization). A service address that dsco has
 * marked as a home address stays marked.
 */
final class Mip6Probe {
    private static final String PORT = "7001"; // not a service port: dsco's packet filter leaves it alone
    private static final String CAPTURE = "/tmp/ds-mip6.cap";
    private static final String BYTES = "200000";

    /** What the probe saw: failures empty means it passed; evidence holds capture lines. */
    record Result(List<String> failures, List<String> evidence) {
    }

    private final VagrantHosts hosts;
    private final String service;
    private final String client;
    private final String contact;
    private final String server;
    private final List<String> failures = new ArrayList<>();
    private final List<String> evidence = new ArrayList<>();
    /** Nodes whose service address was a home address already (dsco with ro.backend=xfrm marks it): left marked. */
    private final List<String> wasHome = new ArrayList<>();

    private Mip6Probe(VagrantHosts hosts) throws IOException, InterruptedException {
        this.hosts = hosts;
        this.service = hosts.testbedConf("client").get("DS_SERVICE").replaceAll(".*\\[(.*)].*", "$1");
        this.client = hosts.testbedConf("client").get("DS_ADDRESS");
        this.contact = hosts.testbedConf("contact").get("DS_ADDRESS");
        this.server = hosts.testbedConf("server").get("DS_ADDRESS");
    }

    static Result run(VagrantHosts hosts) throws IOException, InterruptedException {
        Mip6Probe p = new Mip6Probe(hosts);
        try {
            p.probe();
        } finally {
            p.cleanUp();
        }
        return new Result(p.failures, p.evidence);
    }

    private void probe() throws IOException, InterruptedException {
        for (String node : List.of("server", "contact")) {
            String own = node.equals("server") ? server : contact;
            // The kernel accepts a type 2 routing header only for an address marked as a home address.
            if (hosts.exec(node, "ip", "-6", "addr", "show", "dev", "lo").matches("(?s).*" + service + "/128[^\n]*\\bhome\\b.*")) {
                wasHome.add(node);
            }
            sudo(node, "ip", "-6", "addr", "change", service + "/128", "dev", "lo", "home", "nodad");
            sudo(node, "/opt/ds/provision/ds-run.sh", "xfrm", "mobile", "--home", service, "--care-of", own, "--correspondent", client);
            sudo(node, "sh", "-c", "setsid socat TCP6-LISTEN:" + PORT + ",bind=[" + service + "],reuseaddr,fork EXEC:cat </dev/null >/dev/null 2>&1 & echo $! >/run/ds-mip6-echo.pid");
        }
        sudo("ha", "sh", "-c", "timeout 600 tcpdump -n -l -i any -vv 'ip6 and (ip6[6] == 43 or ip6[6] == 60)' >" + CAPTURE
                + " 2>/dev/null </dev/null & echo $! >/run/ds-mip6-tcpdump.pid");
        Thread.sleep(2000); // tcpdump attaches

        for (String node : List.of("server", "contact")) {
            String own = node.equals("server") ? server : contact;
            sudo("client", "/opt/ds/provision/ds-run.sh", "xfrm", "correspondent", "--home", service, "--care-of", own, "--correspondent", client);
            String echoed = hosts.exec("client", "sh", "-c", "head -c " + BYTES + " /dev/urandom >/tmp/ds-mip6.sent && timeout 120 socat -t 10 - TCP6:["
                    + service + "]:" + PORT + " </tmp/ds-mip6.sent >/tmp/ds-mip6.got && cmp /tmp/ds-mip6.sent /tmp/ds-mip6.got && echo same").trim();
            if (!echoed.equals("same")) {
                failures.add("through " + node + ": the echoed bytes differ from those sent");
            }
            System.out.printf("route optimization via %s (care-of %s): %s bytes echoed %s%n", node, own, BYTES,
                    echoed.equals("same") ? "unchanged" : "CHANGED");
        }
        Thread.sleep(1000);
        sudo("ha", "sh", "-c", "kill $(cat /run/ds-mip6-tcpdump.pid) && rm -f /run/ds-mip6-tcpdump.pid");
        Thread.sleep(500);
        List<String> capture = hosts.exec("ha", "cat", CAPTURE).lines().toList();
        for (String node : List.of("server", "contact")) {
            String own = node.equals("server") ? server : contact;
            check(capture, node, "type 2 routing header", client + " > " + own + ": RT6 ", "type=2", "[0]" + service);
            check(capture, node, "home address option", own + " > " + client + ": DSTOPT", "homeaddr: " + service);
        }
    }

    /** At least one captured packet has every one of {@code parts}; the first one found is kept as evidence. */
    private void check(List<String> capture, String node, String what, String... parts) {
        List<String> matching = capture.stream().filter(l -> {
            for (String p : parts) {
                if (!l.contains(p)) {
                    return false;
                }
            }
            return true;
        }).toList();
        if (matching.isEmpty()) {
            failures.add("no packet with a " + what + " for " + node + " in the capture on ha (" + capture.size() + " lines)");
        } else {
            evidence.add(matching.size() + " packets with a " + what + " (" + node + "), e.g. " + matching.get(0).replaceAll("^\\S+ ", "").trim());
        }
    }

    private void cleanUp() {
        List<String> problems = new ArrayList<>();
        quietly(problems, "client", "/opt/ds/provision/ds-run.sh", "xfrm", "correspondent", "--remove", "--home", service, "--correspondent", client);
        for (String node : List.of("server", "contact")) {
            quietly(problems, node, "/opt/ds/provision/ds-run.sh", "xfrm", "mobile", "--remove", "--home", service, "--correspondent", client);
            if (!wasHome.contains(node)) {
                quietly(problems, node, "ip", "-6", "addr", "change", service + "/128", "dev", "lo", "nodad");
            }
            quietly(problems, node, "sh", "-c", "if [ -f /run/ds-mip6-echo.pid ]; then kill -- -$(cat /run/ds-mip6-echo.pid); rm -f /run/ds-mip6-echo.pid; fi");
        }
        quietly(problems, "ha", "sh", "-c", "if [ -f /run/ds-mip6-tcpdump.pid ]; then kill $(cat /run/ds-mip6-tcpdump.pid); rm -f /run/ds-mip6-tcpdump.pid; fi");
        if (!problems.isEmpty()) {
            failures.add("cleanup: " + String.join("; ", problems));
        }
    }

    private String sudo(String host, String... cmd) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("sudo"));
        c.addAll(List.of(cmd));
        return hosts.exec(host, c.toArray(String[]::new));
    }

    private void quietly(List<String> problems, String host, String... cmd) {
        try {
            sudo(host, cmd);
        } catch (IOException | InterruptedException e) {
            problems.add(e.getMessage());
        }
    }
}
