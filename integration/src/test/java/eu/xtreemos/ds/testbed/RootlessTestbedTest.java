package eu.xtreemos.ds.testbed;

import eu.xtreemos.ds.cluster.ClasspathCopy;
import eu.xtreemos.ds.cluster.JavaCommand;
import eu.xtreemos.ds.cluster.NodeProcess;
import eu.xtreemos.ds.demo.DemoCli;
import eu.xtreemos.ds.dsco.cli.Dsctl;
import eu.xtreemos.ds.probe.Capability;
import eu.xtreemos.ds.probe.RequiresKernel;
import eu.xtreemos.ds.saga.examples.CounterServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static eu.xtreemos.ds.testbed.Testbeds.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a developer without root does, done as the user nobody (the test JVM is root and drops privilege for every
 * command, with setpriv): the demo with real handoffs of a streaming client whose every byte is checked, and the
 * rootless testbed with its daemons, a SAGA application on the nodes and a plain bash /dev/tcp client handed back
 * and forth with dsctl. Whatever happens, the user namespaces the tests made are ended and their files removed.
 */
@RequiresKernel({Capability.USER_NAMESPACES, Capability.USER_NAMESPACE_NETWORK, Capability.TCP_REPAIR, Capability.NFQUEUE,
        Capability.IPSET_SKBINFO})
class RootlessTestbedTest {
    private static final int NOBODY = 65534;
    private static Path dir;
    private static Path classpath;
    private final List<NodeProcess> processes = new ArrayList<>();

    @BeforeAll
    static void copyClasspath() throws IOException {
        dir = Files.createTempDirectory("ds-rootless-test-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        classpath = ClasspathCopy.into(dir.resolve("cp")); // a build under /root is not readable by nobody
    }

    @AfterAll
    static void removeClasspath() throws IOException {
        FileTrees.delete(dir);
    }

    /** {@code main} with {@code args} in a JVM of the user nobody; its stdout read line by line, its stderr logged. */
    private NodeProcess asNobody(String log, Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        cmd.addAll(JavaCommand.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), classpath.toString(),
                main.getName(), List.of(args)));
        NodeProcess p = new NodeProcess(log, cmd, dir.resolve(log + ".log"));
        processes.add(p);
        return p;
    }

    /** Runs a command as nobody to its end; returns its stdout, failing with its log unless it exits 0. */
    private String runAsNobody(String log, Class<?> main, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        cmd.addAll(JavaCommand.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), classpath.toString(),
                main.getName(), List.of(args)));
        Path out = dir.resolve(log + ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(4, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(log + " did not finish within 4 minutes:\n" + Files.readString(out));
        }
        String text = Files.readString(out);
        assertEquals(0, p.exitValue(), log + " failed:\n" + text);
        return text;
    }

    /** Ends a test's sandbox as root if the test could not (the keeper's pid is in its directory), and removes it. */
    private static void forceRemove(String name) throws Exception {
        Path sandbox = Path.of("/tmp", "ds-testbed-" + NOBODY, name);
        try {
            long pid = Long.parseLong(Files.readString(sandbox.resolve("keeper.pid")).strip());
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroyForcibly();
                h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> h).join();
            });
        } catch (IOException | NumberFormatException e) {
            // no keeper recorded
        }
        FileTrees.delete(sandbox);
    }

    private static boolean sandboxLeft(String name) {
        return Files.exists(Path.of("/tmp", "ds-testbed-" + NOBODY, name));
    }

    @Test
    void theDemoRunsAsAnOrdinaryUserWithItsHandoffsAndEveryByteChecked() throws Exception {
        String name = name("rldemo");
        try {
            String out = runAsNobody("demo", DemoCli.class, "--name", name, "--handoffs", "6", "--connections", "2",
                    "--rate", "500000", "--interval-ms", "300");
            assertTrue(out.contains("Not root: the demo runs in a user namespace of its own"), out);
            assertTrue(out.contains("Handoffs: 6 done, 0 failed"), out);
            assertTrue(out.contains("Errors: none (no reset, no wrong byte, no wrong or missing answer)"), out);
            Matcher m = Pattern.compile("Bytes verified, in order and exactly once: client->server (\\d+), server->client (\\d+)").matcher(out);
            assertTrue(m.find(), out);
            assertTrue(Long.parseLong(m.group(1)) > 500_000 && Long.parseLong(m.group(2)) > 500_000, m.group());
            assertFalse(sandboxLeft(name), "the demo's user namespace and files are removed when it ends");
        } finally {
            forceRemove(name);
        }
    }

    @Test
    void theTestbedWithDaemonsServesAnApplicationAndAnyTcpClientIsHandedOffWithDsctl() throws Exception {
        String name = name("rlbed");
        try {
            String up = runAsNobody("up", TestbedCli.class, "up", "--name", name, "--site", "77", "--daemons");
            Path daemons = Path.of("/tmp", "ds-testbed-" + NOBODY, name, "daemons");
            for (String node : List.of("contact", "server1")) {
                assertTrue(up.contains(String.format("  %-8s %s%n", node, daemons.resolve("sock").resolve(node + ".sock"))), up);
            }
            // The generated configuration: the API the namespace root's alone (the overflow id would be every other
            // user of the host), and every file in the user's own directory.
            String conf = Files.readString(daemons.resolve("contact.properties"));
            assertFalse(conf.contains("api.users"), conf);
            assertTrue(conf.contains("api.socket = " + daemons.resolve("sock/contact.sock")), conf);
            assertTrue(conf.contains("state.dir = " + daemons.resolve("state")), conf);
            String status = runAsNobody("status", Dsctl.class, "-s", daemons.resolve("sock/contact.sock").toString(), "status");
            assertTrue(status.startsWith("node   contact"), status);

            // The SAGA example on both nodes, as the guide printed by 'up' says.
            for (String node : List.of("contact", "server1")) {
                asNobody("counter-" + node, TestbedCli.class, "exec", "--name", name, node, "--", "java",
                        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.base/java.io=ALL-UNNAMED",
                        "-cp", daemons.resolve("cp") + "/*:" + daemons.resolve("cp/classes"), CounterServer.class.getName(),
                        "ds://[fd00:d5:4d:5::1]:7000?socket=" + daemons.resolve("sock").resolve(node + ".sock"))
                        .await("ready " + node, 60_000);
            }
            // Any TCP client: bash's /dev/tcp in the client's namespace, one line per request and answer.
            NodeProcess client = asNobody("client", TestbedCli.class, "exec", "--name", name, "client1", "--", "bash", "-c",
                    "exec 3<>/dev/tcp/fd00:d5:4d:5::1/7000; cat <&3 & cat >&3");
            assertEquals("total 5 on contact", client.command("add 5", "total", 30_000));
            long total = 5;
            String at = "contact";
            for (int i = 1; i <= 4; i++) {
                String to = at.equals("contact") ? "server1" : "contact";
                String handoff = runAsNobody("handoff" + i, Dsctl.class, "-s", daemons.resolve("sock").resolve(at + ".sock").toString(),
                        "handoff", "--client", "fd00:d5:4d:2::101", "--to", to);
                assertTrue(handoff.startsWith("handed fd00:d5:4d:2::101 to " + to), handoff);
                total += i;
                assertEquals("total " + total + " on " + to, client.command("add " + i, "total", 30_000), "after handoff " + i);
                at = to;
            }

            String down = runAsNobody("down", TestbedCli.class, "down", "--name", name);
            assertTrue(down.contains("testbed '" + name + "' removed"), down);
            assertFalse(sandboxLeft(name), "down removes the user namespace's files");
            // Everything that ran in the user namespace ended with it, the application and the client included.
            for (NodeProcess p : processes) {
                long deadline = System.currentTimeMillis() + 10_000;
                while (p.alive() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                assertFalse(p.alive(), p.name() + " outlived 'down'");
            }
        } finally {
            for (NodeProcess p : processes) {
                p.close();
            }
            forceRemove(name);
        }
    }
}
