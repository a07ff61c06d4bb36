package eu.xtreemos.ds.packaging;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The .deb the build made: what an operator gets when installing it (dpkg-deb reads it, as dpkg would). */
class DebianPackageIT {
    static final List<String> PROGRAMS = List.of("dsco", "dsctl", "ds-ha", "ds-correspondent");
    static final String VERSION = System.getProperty("ds.project.version");

    @TempDir
    static Path tree;
    static Path deb;

    @BeforeAll
    static void unpack() throws Exception {
        deb = Path.of(System.getProperty("ds.target")).resolve("dsco_" + VERSION.replace('-', '~') + "_all.deb");
        assertTrue(Files.isRegularFile(deb), "no package at " + deb);
        Commands.output("dpkg-deb", "--extract", deb.toString(), tree.toString());
    }

    @Test
    void dependsOnTheJavaRuntimeAndTheNetworkTools() throws Exception {
        assertEquals("openjdk-17-jre-headless | java17-runtime-headless, iproute2, nftables, iptables, libnetfilter-queue1",
                Commands.output("dpkg-deb", "--field", deb.toString(), "Depends").strip());
        assertEquals(VERSION.replace('-', '~'), Commands.output("dpkg-deb", "--field", deb.toString(), "Version").strip());
    }

    @Test
    void launchersAreExecutableAndSayTheBuildsVersion() throws Exception {
        for (String program : PROGRAMS) {
            Path launcher = tree.resolve("usr/bin").resolve(program);
            assertTrue(Files.isExecutable(launcher), launcher + " is not executable");
            assertEquals(program + " " + VERSION, Commands.output(launcher.toString(), "--version").strip());
        }
    }

    @Test
    void theConfigurationIsConffilesUnderEtcDsco() throws Exception {
        Path control = tree.resolveSibling(tree.getFileName() + "-control");
        Commands.output("dpkg-deb", "--control", deb.toString(), control.toString());
        List<String> conffiles = Files.readAllLines(control.resolve("conffiles"));
        assertTrue(conffiles.containsAll(List.of("/etc/dsco/dsco.properties", "/etc/dsco/ha.properties", "/etc/dsco/correspondent.env",
                "/etc/dsco/logback.xml")),
                "conffiles: " + conffiles);
        String example = Files.readString(tree.resolve("etc/dsco/dsco.properties"));
        assertTrue(example.contains("#node.name ="), "the example configuration names node.name");
    }

    @Test
    void eachProgramHasAManPage() {
        for (String page : List.of("man8/dsco.8.gz", "man8/dsco-check-kernel.8.gz", "man1/dsctl.1.gz", "man1/dsctl-status.1.gz",
                "man8/ds-ha.8.gz", "man1/ds-correspondent.1.gz")) {
            assertTrue(Files.isRegularFile(tree.resolve("usr/share/man").resolve(page)), "no man page " + page);
        }
    }

    @Test
    void eachClassPathNamesOnlyJarsThePackageHolds() throws Exception {
        Path lib = tree.resolve("usr/share/dsco/lib");
        for (String program : PROGRAMS) {
            for (String jar : classPath(lib, program)) {
                assertTrue(Files.isRegularFile(lib.resolve(jar)), program + " needs " + jar + ", not in the package");
            }
        }
    }

    @Test
    void dsctlCarriesNeitherTheMembershipGroupNorTheConfigurationLibrary() throws Exception {
        List<String> dsctl = classPath(tree.resolve("usr/share/dsco/lib"), "dsctl");
        assertFalse(dsctl.stream().anyMatch(j -> j.startsWith("jgroups-") || j.startsWith("commons-configuration2-")), "dsctl: " + dsctl);
        assertTrue(classPath(tree.resolve("usr/share/dsco/lib"), "dsco").stream().anyMatch(j -> j.startsWith("jgroups-")));
    }

    @Test
    void systemdAcceptsTheUnits() throws Exception {
        assumeTrue(Commands.available("systemd-analyze"), "no systemd-analyze on this host (bin/setup installs systemd)");
        // The units start /usr/bin/…, which this host does not have: verify a copy that starts the unpacked launchers.
        Path units = Files.createDirectories(tree.resolveSibling(tree.getFileName() + "-units"));
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no"));
        for (String unit : List.of("dsco.service", "ds-ha.service", "ds-correspondent.service")) {
            String text = Files.readString(tree.resolve("lib/systemd/system").resolve(unit));
            Path copy = units.resolve(unit);
            Files.writeString(copy, text.replace("/usr/bin/", tree.resolve("usr/bin") + "/"));
            command.add(copy.toString());
        }
        Commands.Result result = Commands.run(command);
        assertEquals(0, result.exitCode(), result.output());
        assertEquals("", result.output().strip(), "systemd-analyze verify warns");
    }

    @Test
    void dscoTellsSystemdWhenItServesAndChecksBeforeStarting() throws Exception {
        String unit = Files.readString(tree.resolve("lib/systemd/system/dsco.service"));
        assertTrue(unit.contains("\nType=notify\n"), unit);
        assertTrue(unit.contains("\nExecStartPre=/usr/bin/dsco --config /etc/dsco/dsco.properties --check\n"), unit);
        assertTrue(unit.contains("\nExecStartPre=/usr/bin/dsco check-kernel --config /etc/dsco/dsco.properties\n"), unit);
    }

    private static List<String> classPath(Path lib, String program) throws IOException {
        return Arrays.stream(Files.readString(lib.resolve(program + ".classpath")).strip().split(":"))
                .map(entry -> entry.replace("@LIB@/", ""))
                .toList();
    }
}
