package eu.xtreemos.ds.testbed;

import eu.xtreemos.ds.cluster.DscoCluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The daemons of a testbed brought up with {@code ds-testbed up --daemons}: the HA agent in the router's namespace and
 * a dsco per server node ({@link DscoCluster#startDaemons}, the configuration the tests and the demo use), left
 * running after the command ends; their pids are kept in {@value #PIDS} so that {@code down} stops them.
 */
public final class TestbedDaemons {
    static final String PIDS = "pids";
    /** As root, the daemons' files are under this directory, one per testbed. */
    static final Path ROOT_DIR = Path.of("/run/ds-testbed");

    private TestbedDaemons() {
    }

    /**
     * Where the daemons of testbed {@code name} keep their files (configurations, cluster key, sockets, logs, class
     * path): inside a rootless testbed, its sandbox's {@code daemons} directory; as root, /run/ds-testbed/NAME.
     */
    public static Path dirOf(String name) {
        TestbedSpec.validateName(name);
        return UserNamespaceSandbox.current().map(d -> d.resolve("daemons")).orElse(ROOT_DIR.resolve(name));
    }

    /** Starts the daemons on {@code tb} (stopping leftovers first) and leaves them running; returns their directory. */
    public static Path start(NamespaceTestbed tb) throws Exception {
        String name = tb.spec().name();
        stop(name);
        Path dir = dirOf(name);
        DscoCluster cluster = DscoCluster.startDaemons(tb, new DscoCluster.Options("hold", 1_000_000, Map.of()), dir);
        List<Long> pids = cluster.detach();
        Files.writeString(dir.resolve(PIDS), pids.stream().map(String::valueOf).collect(Collectors.joining("\n", "", "\n")));
        return dir;
    }

    /**
     * Stops the daemons of testbed {@code name} and removes their directory; a pid is signalled only while its command
     * line still names that directory (a pid reused since is left alone). Returns whether there was anything.
     */
    public static boolean stop(String name) throws IOException, InterruptedException {
        Path dir = dirOf(name);
        if (!Files.isDirectory(dir)) {
            return false;
        }
        Path pids = dir.resolve(PIDS);
        List<ProcessHandle> mine = !Files.exists(pids) ? List.of() : Files.readAllLines(pids).stream().filter(l -> l.matches("[0-9]+"))
                .map(l -> ProcessHandle.of(Long.parseLong(l))).flatMap(Optional::stream)
                .filter(h -> commandLine(h.pid()).contains(dir.toString())).toList();
        mine.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : mine) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        FileTrees.delete(dir);
        return true;
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
