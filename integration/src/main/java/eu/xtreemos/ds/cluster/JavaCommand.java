package eu.xtreemos.ds.cluster;

import java.util.ArrayList;
import java.util.List;

/** The command line that starts one of the cluster's Java processes (HA agent, dsco, demo application). */
public final class JavaCommand {
    private JavaCommand() {
    }

    /**
     * {@code java} with the options every cluster process gets, the classpath of a {@link ClasspathCopy}
     * at {@code classpath} (as seen by the process), the main class and its arguments.
     */
    /**
     * dsco's memory budget (as in its systemd unit): a small heap with the serial collector, which gives back
     * what it does not need, and a smaller code cache and thread stacks (measured: docs/benchmarks.md, memory).
     */
    public static final List<String> DSCO_MEMORY = List.of("-Xmx48m", "-XX:+UseSerialGC", "-XX:ReservedCodeCacheSize=48m", "-Xss512k");

    public static List<String> of(String java, String classpath, String main, List<String> args) {
        List<String> cmd = new ArrayList<>();
        if (main.endsWith(".DscoMain")) { // glibc's per-thread malloc arenas kept ≈ 70 MiB of freed native memory
            cmd.addAll(List.of("env", "MALLOC_ARENA_MAX=2"));
        }
        cmd.add(java);
        // Short-lived test processes: quick start-up matters more than peak speed (C1 only). Benchmarks
        // set ds.cluster.jit=full for the JVM's default tiered compilation.
        if (!"full".equals(System.getProperty("ds.cluster.jit", "c1"))) {
            cmd.add("-XX:TieredStopAtLevel=1");
        }
        // Extra JVM options for every cluster process, e.g. a flight recording when profiling a benchmark.
        String extra = System.getProperty("ds.cluster.jvm.options", "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.addAll(main.endsWith(".DscoMain") ? DSCO_MEMORY : List.of("-Xmx256m"));
        cmd.addAll(List.of("-Xshare:auto",
                // The socket engine reads the fd behind java.nio channels (ChannelSocket, FdChannels).
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.base/java.io=ALL-UNNAMED",
                "-Dds.log.level=" + System.getProperty("ds.cluster.log.level", "INFO"),
                "-Djava.net.preferIPv6Addresses=true", // the membership group binds the nodes' IPv6 addresses
                "-cp", classpath + "/*:" + classpath + "/classes", main));
        cmd.addAll(args);
        return cmd;
    }
}
