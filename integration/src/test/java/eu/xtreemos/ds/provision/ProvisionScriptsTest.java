package eu.xtreemos.ds.provision;

import eu.xtreemos.ds.cluster.ClusterConfig;
import eu.xtreemos.ds.cluster.DscoCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The provisioning scripts the Docker and Vagrant testbeds share (provision/): their configuration is the one
 * ClusterConfig writes for the namespace testbed, bad input is refused with a message naming it, and every
 * testbed script parses (bash -n) and passes shellcheck (when Debian's shellcheck is installed).
 */
class ProvisionScriptsTest {
    private static final Path ROOT = Path.of(System.getProperty("ds.provision.dir", "../provision")).toAbsolutePath().normalize().getParent();
    private static final Path CONFIG = ROOT.resolve("provision/ds-node-config.sh");

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + cmd);
        return new Run(p.exitValue(), out);
    }

    private static Map<String, String> read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        Map<String, String> m = new TreeMap<>();
        p.forEach((k, v) -> m.put((String) k, (String) v));
        return m;
    }

    private static ClusterConfig.Topology topology() throws IOException {
        Map<String, InetAddress> nodes = new LinkedHashMap<>();
        nodes.put("contact", InetAddress.getByName("fd00:d5:fa00:1::10"));
        nodes.put("server", InetAddress.getByName("fd00:d5:fa00:1::11"));
        return new ClusterConfig.Topology(nodes, Map.of(), InetAddress.getByName("fd00:d5:fa00:1::2"),
                List.of(new DscoCluster.Service("demo", InetAddress.getByName("fd00:d5:fa00:5::1"), null, 7000)));
    }

    private static List<String> common(Path key) {
        // Written the way Java prints addresses, so that the files can be compared as text values.
        return List.of("--ha", "fd00:d5:fa00:1:0:0:0:2", "--nodes", "contact=fd00:d5:fa00:1:0:0:0:10, server=fd00:d5:fa00:1:0:0:0:11",
                "--service", "demo=[fd00:d5:fa00:5:0:0:0:1]:7000", "--key", key.toString());
    }

    @Test
    void theHaConfigurationIsClusterConfigs(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("cluster.key");
        List<String> cmd = new ArrayList<>(List.of(CONFIG.toString(), "ha", "--out", dir.resolve("ha.properties").toString()));
        cmd.addAll(common(key));
        cmd.addAll(List.of("--nodes-interface", "eth1"));
        Run r = run(cmd);
        assertEquals(0, r.exit(), r.output());
        assertEquals(new TreeMap<>(ClusterConfig.ha(topology(), "eth1", key)), read(dir.resolve("ha.properties")));
    }

    @Test
    void aDscoConfigurationIsClusterConfigsWithTheExtraSettings(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("cluster.key");
        for (String node : List.of("contact", "server")) {
            List<String> cmd = new ArrayList<>(List.of(CONFIG.toString(), "dsco", "--out", dir.resolve(node + ".properties").toString()));
            cmd.addAll(common(key));
            cmd.addAll(List.of("--node", node, "--api-socket", "/run/dsco/dsco.sock", "--filter-mode", "drop", "--set", "timeouts.prepare=20s"));
            Run r = run(cmd);
            assertEquals(0, r.exit(), r.output());
            Map<String, String> expected = new TreeMap<>(ClusterConfig.dsco(topology(), node, key, Path.of("/run/dsco/dsco.sock"), "drop"));
            expected.put("timeouts.prepare", "20s");
            assertEquals(expected, read(dir.resolve(node + ".properties")), node);
        }
    }

    @Test
    void badInputIsRefusedNamingWhatIsWrong(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("x.properties");
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("dsco", "--out", out.toString(), "--ha", "fd00::2", "--nodes", "contact=fd00::10", "--service", "demo=fd00::1:7000",
                "--key", "/k", "--node", "contact", "--api-socket", "/s"), "--service demo=fd00::1:7000");
        cases.put(List.of("dsco", "--out", out.toString(), "--ha", "fd00::2", "--nodes", "contact=fd00::10", "--service", "demo=[fd00::1]:7000",
                "--key", "/k", "--node", "server9", "--api-socket", "/s"), "node 'server9' is not among");
        cases.put(List.of("dsco", "--out", out.toString(), "--ha", "fd00::2", "--nodes", "server=fd00::11", "--service", "demo=[fd00::1]:7000",
                "--key", "/k", "--node", "server", "--api-socket", "/s"), "must be the contact node");
        cases.put(List.of("ha", "--out", out.toString(), "--nodes", "contact=fd00::10", "--service", "demo=[fd00::1]:7000", "--key", "/k"),
                "--ha is required");
        cases.put(List.of("web"), "unknown configuration 'web'");
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            List<String> cmd = new ArrayList<>(List.of(CONFIG.toString()));
            cmd.addAll(c.getKey());
            Run r = run(cmd);
            assertNotEquals(0, r.exit(), c.getKey().toString());
            assertTrue(r.output().contains(c.getValue()), "expected '" + c.getValue() + "' in: " + r.output());
            assertFalse(Files.exists(out), "nothing written on bad input");
        }
        Run r = run(List.of(ROOT.resolve("provision/ds-node-net.sh").toString(), "--role", "router"));
        assertNotEquals(0, r.exit());
        assertTrue(r.output().contains("unknown role 'router'"), r.output());
        r = run(List.of(ROOT.resolve("provision/ds-run.sh").toString(), "database"));
        assertNotEquals(0, r.exit());
        assertTrue(r.output().contains("unknown process 'database'"), r.output());
    }

    /** Every script of the testbeds: bash -n, and shellcheck when installed (bin/setup installs it). */
    @Test
    void theTestbedScriptsParseAndPassShellcheck() throws Exception {
        List<String> scripts = new ArrayList<>();
        for (String dir : List.of("provision", "vagrant", "integration/docker")) {
            try (Stream<Path> s = Files.list(ROOT.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".sh")).sorted().forEach(p -> scripts.add(p.toString()));
            }
        }
        assertTrue(scripts.size() >= 9, "scripts found: " + scripts);
        for (String s : scripts) {
            Run r = run(List.of("bash", "-n", s));
            assertEquals(0, r.exit(), s + ": " + r.output());
        }
        boolean shellcheck = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "shellcheck")));
        if (!shellcheck) {
            System.out.println("shellcheck not installed (bin/setup installs it): only bash -n checked " + scripts.size() + " scripts");
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("shellcheck", "-x"));
        cmd.addAll(scripts);
        Run r = run(cmd);
        assertEquals(0, r.exit(), "shellcheck:\n" + r.output());
        System.out.println("bash -n and shellcheck: " + scripts.size() + " scripts clean");
    }
}
