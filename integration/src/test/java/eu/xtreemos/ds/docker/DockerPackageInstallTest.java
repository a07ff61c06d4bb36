package eu.xtreemos.ds.docker;

import com.github.dockerjava.api.model.Capability;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Debian package on a fresh Debian host: a container of the testbed's node image (Debian bookworm with the
 * package's dependencies, built locally), where the package is installed with dpkg, the preflight checks of the
 * unit run, dsco starts as the unit starts it, and dsctl answers. The image has no systemd (and containers here
 * may not be privileged), so the unit's ExecStartPre and ExecStart lines are run as systemd would run them, read
 * from the installed unit.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerPackageInstallTest {
    private static final String UNIT = "/lib/systemd/system/dsco.service";
    private static final String CONFIG = """
            node.name = node1
            node.address = fd00:77::1
            nodes = node1=fd00:77::1
            service.web.address = fd00:99::80
            service.web.ports = 8080
            ha.address = fd00:77::fe
            cluster.key.file = /etc/dsco/cluster.key
            failover.enabled = false
            metrics.listen = 127.0.0.1:9464
            """;

    private static GenericContainer<?> host;

    @BeforeAll
    static void freshHost() throws Exception {
        String image = DockerEngine.nodeImage();
        Path deb = DebianPackage.path();
        host = new GenericContainer<>(DockerImageName.parse(image))
                .withCommand("sleep", "infinity")
                .withCopyFileToContainer(MountableFile.forHostPath(deb), DebianPackage.IN_CONTAINER)
                .withStartupTimeout(Duration.ofSeconds(60))
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        .withCapAdd(Capability.NET_ADMIN, Capability.NET_RAW).withInit(true)
                        .withSysctls(Map.of("net.ipv6.conf.all.disable_ipv6", "0")));
        host.start();
    }

    @AfterAll
    static void removeHost() {
        if (host != null) {
            host.stop();
        }
    }

    @Test
    @Order(1)
    void installsWithDpkg() throws Exception {
        sh("dpkg -i " + DebianPackage.IN_CONTAINER);
        assertEquals("install ok installed", sh("dpkg-query -W -f='${Status}' dsco"));
        assertEquals("dsco " + System.getProperty("ds.project.version"), sh("dsco --version"));
        sh("test -f /usr/share/man/man8/dsco.8.gz && test -f /usr/share/man/man1/dsctl.1.gz && test -f /etc/dsco/logback.xml");
    }

    @Test
    @Order(2)
    void theUnitsPreflightChecksPassOnAConfiguredHost() throws Exception {
        sh("ip -6 addr add fd00:77::1/64 dev lo && head -c 32 /dev/urandom >/etc/dsco/cluster.key && chmod 600 /etc/dsco/cluster.key");
        sh("cat >/etc/dsco/dsco.properties <<'EOF'\n" + CONFIG + "EOF");
        List<String> preflight = unitLines("ExecStartPre");
        assertEquals(2, preflight.size(), "the unit's preflight: " + preflight);
        assertTrue(sh(preflight.get(0)).contains("configuration ok: node node1"));
        assertTrue(sh(preflight.get(1)).contains("ok for redirect.mode=steering"));
    }

    @Test
    @Order(3)
    void dscoStartedAsTheUnitStartsItAnswersDsctl() throws Exception {
        List<String> start = unitLines("ExecStart");
        assertEquals(1, start.size(), "the unit's ExecStart: " + start);
        String environment = String.join(" ", unitLines("Environment"));
        // RuntimeDirectory=dsco is /run/dsco; systemd makes it before starting.
        host.execInContainer("sh", "-c", "mkdir -p /run/dsco && env " + environment + " setsid " + start.get(0)
                + " >/var/log/dsco.log 2>&1 &");
        String status = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            ExecResult r = host.execInContainer("dsctl", "status");
            if (r.getExitCode() == 0) {
                status = r.getStdout();
                break;
            }
            Thread.sleep(500);
        }
        assertTrue(status.contains("node1") && status.contains("contact"),
                "dsctl status: '" + status + "'; dsco's log:\n" + host.execInContainer("cat", "/var/log/dsco.log").getStdout());
        assertTrue(sh("cat /var/log/dsco.log").contains("serving [web]"), "dsco logs at INFO");
    }

    @Test
    @Order(4)
    void dsctlStatsAndTheMetricsEndpointAnswer() throws Exception {
        String stats = sh("dsctl stats");
        assertTrue(stats.contains("handoffs") && stats.contains("handed_off"), "dsctl stats: " + stats);
        // No curl in the image: bash's /dev/tcp speaks the HTTP/1.0 request.
        String metrics = sh("bash -c 'exec 3<>/dev/tcp/127.0.0.1/9464 && printf \"GET /metrics HTTP/1.0\\r\\n\\r\\n\" >&3 && cat <&3'");
        assertTrue(metrics.startsWith("HTTP/1.") && metrics.contains(" 200 "), "metrics answer: " + metrics);
        assertTrue(metrics.contains("# TYPE dsco_handoffs_total counter") && metrics.contains("dsco_handoffs_total{result=\"handed_off\"} 0"),
                "metrics answer: " + metrics);
    }

    @Test
    @Order(5)
    void sighupChangesARunTimeKeyWithoutARestart() throws Exception {
        String pid = sh("pgrep -f 'daemon[.]DscoMain'"); // the bracket keeps pgrep from matching this shell
        assertTrue(sh("dsctl config timeouts.grace").contains("2000ms"), "the default before the change");
        sh("echo 'timeouts.grace = 3s' >>/etc/dsco/dsco.properties && kill -HUP " + pid);
        String grace = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && !grace.contains("3000ms")) {
            grace = sh("dsctl config timeouts.grace");
            Thread.sleep(200);
        }
        assertTrue(grace.contains("3000ms"), "after SIGHUP: '" + grace + "'; dsco's log:\n" + sh("cat /var/log/dsco.log"));
        assertEquals("0", sh("kill -0 " + pid + " && echo 0"), "the same dsco process still runs");
        assertTrue(sh("cat /var/log/dsco.log").contains("timeouts.grace"), "the reload says what changed");
    }

    /** The values of the installed unit's KEY= lines (as a shell can run them: the unit's quotes kept). */
    private static List<String> unitLines(String key) throws Exception {
        return sh("cat " + UNIT).lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).toList();
    }

    private static String sh(String command) throws Exception {
        ExecResult r = host.execInContainer("sh", "-c", command);
        assertEquals(0, r.getExitCode(), "'" + command + "' failed: " + r.getStdout() + r.getStderr());
        return r.getStdout().strip();
    }
}
