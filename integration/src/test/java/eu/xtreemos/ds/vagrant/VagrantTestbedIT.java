package eu.xtreemos.ds.vagrant;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Vagrant testbed from nothing to nothing, as CI runs it (docs/testbeds.md): the box is built when it is not
 * cached (vagrant/build-box.sh), {@code vagrant validate}, a syntax check of the provisioning scripts (bash -n,
 * shellcheck), {@code vagrant up} of the four VMs, the handoff demo and its end-to-end checks (vagrant/run-demo.sh's
 * {@link VagrantDemo}) twice — 20 handoffs by HA steering, then 20 by route optimization over the guests' kernel
 * Mobile IPv6 (dsco ro.backend=xfrm, ds-correspondent --backend xfrm), checked in a capture on the client: type 2
 * routing header out, home address option in, straight to and from the server's own address — then
 * {@code vagrant destroy}, after which no domain or network of the testbed may be left — and libvirtd is stopped
 * again if this test started it.
 *
 * <p>An integration test (Failsafe, {@code mvn verify}): it runs after {@code package}, so the VMs get the jars the
 * build just made, through vagrant/stage.sh exactly as a user's {@code vagrant up} does. Skipped, with the reason,
 * when there is no vagrant or libvirt, when libvirt cannot be started, or with {@code -Dds.vagrant.skip=true}.
 * One Vagrant testbed runs at a time on a machine (a lock file): the VMs' names and networks are fixed.
 */
class VagrantTestbedIT {
    private static final Path DIR = Path.of(System.getProperty("ds.vagrant.dir", "../vagrant")).toAbsolutePath().normalize();
    private static final Path LOCK = Path.of("/var/lock/ds-vagrant-testbed.lock");
    private static final int HANDOFFS = 20;
    private static final Path LOGS = Path.of("target", "vagrant-demo");

    private final Map<String, Double> seconds = new LinkedHashMap<>();

    // Beyond the sum of its steps' own deadlines (box 20, vagrant up 30, destroy 10 min, ...): they end a stuck step
    // and still destroy the VMs, a cleanup an interrupt from JUnit would cut short. The whole test took 8-15.5 min.
    @Timeout(value = 120, unit = TimeUnit.MINUTES)
    @Test
    void boxUpHandoffsBySteeringAndByKernelMobileIpv6ThenNothingLeft() throws Exception {
        skipUnless(!Boolean.getBoolean("ds.vagrant.skip"), "-Dds.vagrant.skip=true");
        for (String tool : List.of("vagrant", "virsh", "libvirtd", "qemu-system-x86_64", "qemu-img", "debootstrap", "rsync", "ssh")) {
            skipUnless(onPath(tool), "no " + tool + " on the PATH (bin/setup installs the Vagrant testbed's packages)");
        }
        boolean libvirtWasRunning = run("libvirt status", 60, DIR.resolve("libvirt.sh").toString(), "status").exit() == 0;
        if (!libvirtWasRunning) {
            Run start = run("libvirt start", 120, DIR.resolve("libvirt.sh").toString(), "start");
            skipUnless(start.exit() == 0, "libvirt cannot start here: " + start.tail());
        }
        long t0 = System.nanoTime();
        try (FileChannel lockFile = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            step("box", 20 * 60, DIR.resolve("build-box.sh").toString());
            step("validate", 120, "vagrant", "validate");
            syntaxCheck();
            step("destroy leftovers", 600, "vagrant", "destroy", "-f");
            try {
                step("vagrant up", 30 * 60, "vagrant", "up", "--provider", "libvirt");
                long d0 = System.nanoTime();
                VagrantDemo.Result steering = VagrantDemo.run(DIR, VagrantDemo.STEERING, HANDOFFS, 3, 100_000, 500, LOGS, false);
                seconds.put("steering demo and checks", (System.nanoTime() - d0) / 1e9);
                assertTrue(steering.passed(), "steering demo failures: " + steering.failures());
                assertEquals(HANDOFFS, steering.handoffMillis().size(), "handoffs done by steering");
                assertEquals(HANDOFFS, steering.steered(), "the HA agent steered each handoff");

                long r0 = System.nanoTime();
                VagrantDemo.Result ro = VagrantDemo.run(DIR, VagrantDemo.ROUTE_OPTIMIZATION, HANDOFFS, 3, 100_000, 500, LOGS, false);
                seconds.put("route-optimization demo and checks", (System.nanoTime() - r0) / 1e9);
                assertTrue(ro.passed(), "route-optimization demo failures: " + ro.failures());
                assertEquals(HANDOFFS, ro.handoffMillis().size(), "handoffs done by route optimization");
                assertEquals(0, ro.steered(), "the HA agent steered nobody");
                assertTrue(ro.bindingUpdates() >= HANDOFFS, "a Binding Update accepted per handoff: " + ro.bindingUpdates());
                assertEquals(HANDOFFS, ro.gapMillis().size(), "the capture saw one switch of the way per handoff");
                assertTrue(ro.evidence().stream().anyMatch(e -> e.contains("type 2 routing header"))
                        && ro.evidence().stream().anyMatch(e -> e.contains("home address option")), "RH2 and HAO seen: " + ro.evidence());
            } finally {
                step("vagrant destroy", 600, "vagrant", "destroy", "-f");
                assertNothingLeft();
                seconds.put("total", (System.nanoTime() - t0) / 1e9);
                StringBuilder b = new StringBuilder("Vagrant testbed times:");
                seconds.forEach((k, v) -> b.append(String.format(" %s %.0f s;", k, v)));
                System.out.println(b);
            }
        } finally {
            if (!libvirtWasRunning) {
                Run stop = run("libvirt stop", 120, DIR.resolve("libvirt.sh").toString(), "stop");
                assertEquals(0, stop.exit(), "stopping the libvirt this test started: " + stop.tail());
            }
        }
    }

    /** bash -n and shellcheck (when installed) on the provisioning scripts the VMs run. */
    private void syntaxCheck() throws Exception {
        List<String> scripts = new ArrayList<>();
        for (Path dir : List.of(DIR, DIR.resolve("guest"), DIR.resolveSibling("provision"))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".sh")).sorted().forEach(p -> scripts.add(p.toString()));
            }
        }
        for (String s : scripts) {
            Run r = run("bash -n", 60, "bash", "-n", s);
            assertEquals(0, r.exit(), s + ": " + r.tail());
        }
        if (onPath("shellcheck")) {
            List<String> cmd = new ArrayList<>(List.of("shellcheck", "-x"));
            cmd.addAll(scripts);
            Run r = run("shellcheck", 120, cmd.toArray(String[]::new));
            assertEquals(0, r.exit(), "shellcheck: " + r.tail());
        }
        System.out.println("syntax: " + scripts.size() + " provisioning scripts pass bash -n" + (onPath("shellcheck") ? " and shellcheck" : ""));
    }

    private void assertNothingLeft() throws Exception {
        String domains = run("virsh list", 60, "virsh", "-c", "qemu:///system", "list", "--all", "--name").output();
        String networks = run("virsh net-list", 60, "virsh", "-c", "qemu:///system", "net-list", "--all", "--name").output();
        List<String> left = new ArrayList<>();
        domains.lines().map(String::trim).filter(n -> n.matches("ds-(ha|contact|server|client)")).forEach(left::add);
        networks.lines().map(String::trim).filter(n -> n.matches("ds-(nodes|clients|vagrant-mgmt)")).forEach(left::add);
        List<String> qemus = ProcessHandle.allProcesses().filter(p -> p.info().command().orElse("").endsWith("qemu-system-x86_64")
                && p.info().arguments().map(a -> String.join(" ", a)).orElse("").contains("guest=ds-")).map(p -> "qemu " + p.pid()).toList();
        left.addAll(qemus);
        assertEquals(List.of(), left, "left after vagrant destroy");
    }

    private record Run(int exit, String output) {
        String tail() {
            List<String> l = output.lines().toList();
            return String.join("\n", l.subList(Math.max(0, l.size() - 30), l.size()));
        }
    }

    /** Runs a step in the Vagrant directory, its output shown as it comes (these steps take minutes), and times it. */
    private void step(String name, long timeoutSeconds, String... cmd) throws Exception {
        System.out.println("--- " + name + ": " + String.join(" ", cmd));
        long t = System.nanoTime();
        Run r = run(name, timeoutSeconds, true, cmd);
        seconds.merge(name, (System.nanoTime() - t) / 1e9, Double::sum);
        assertEquals(0, r.exit(), name + " failed:\n" + r.tail());
    }

    private static Run run(String name, long timeoutSeconds, String... cmd) throws IOException, InterruptedException {
        return run(name, timeoutSeconds, false, cmd);
    }

    private static Run run(String name, long timeoutSeconds, boolean echo, String... cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("ds-vagrant-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            long shown = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (!p.waitFor(2, TimeUnit.SECONDS)) {
                shown = echo ? show(out, shown) : shown;
                if (System.nanoTime() > deadline) {
                    p.descendants().forEach(ProcessHandle::destroy);
                    p.destroy();
                    p.waitFor(30, TimeUnit.SECONDS);
                    return new Run(-1, name + " did not finish within " + timeoutSeconds + " s\n" + Files.readString(out));
                }
            }
            if (echo) {
                show(out, shown);
            }
            return new Run(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static long show(Path file, long from) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length > from) {
            System.out.print(new String(all, (int) from, (int) (all.length - from), java.nio.charset.StandardCharsets.UTF_8));
            System.out.flush();
        }
        return all.length;
    }

    private static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            System.out.println("SKIPPED (Vagrant testbed): " + reason);
        }
        Assumptions.assumeTrue(condition, reason);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", command));
    }
}
