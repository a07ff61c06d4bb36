package eu.xtreemos.ds.soak;

import eu.xtreemos.ds.dsco.cli.BuildVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code ds-soak}: many handoffs under two-way traffic across three nodes, with faults injected at random. */
@Command(name = "ds-soak", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = {"Brings up a network-namespace testbed with three nodes (contact, server1, server2), the HA agent,",
                "a dsco daemon and the stream service on every node, and one client streaming both ways over several",
                "connections. Hands the client off between random nodes the given number of times while faults are",
                "injected at random moments: a node's link cut for a while then restored, a node's dsco killed and",
                "restarted. Checks that no byte is lost or duplicated, that the client sees no reset, and that its",
                "connections are on exactly one node; prints progress, then dsco's descriptors and resident memory",
                "over each process's life. Exit code 0 only if all of that held. Needs root."})
public final class SoakCli implements Callable<Integer> {
    @Option(names = "--handoffs", defaultValue = "10000", description = "Handoffs to complete (default: ${DEFAULT-VALUE}).")
    int handoffs;

    @Option(names = "--min-faults", defaultValue = "0", description = "Go on handing off until at least this many faults were survived (default: ${DEFAULT-VALUE}).")
    int minFaults;

    @Option(names = "--fault-every-ms", defaultValue = "10000", description = "Mean time between faults, ms; each gap is random within ±50%% (default: ${DEFAULT-VALUE}).")
    long faultEveryMillis;

    @Option(names = "--max-link-cut-ms", defaultValue = "2500", description = "Longest link cut, ms, at most 3000 (default: ${DEFAULT-VALUE}).")
    long maxLinkCutMillis;

    @Option(names = "--faults", defaultValue = "link-cut,dsco-restart", split = ",",
            description = "Kinds of fault, comma-separated: link-cut, dsco-restart, or none (default: ${DEFAULT-VALUE}).")
    java.util.List<String> faultKinds;

    @Option(names = "--connections", defaultValue = "3", description = "Streaming TCP connections of the client, 1-15 (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--rate", defaultValue = "500000", description = "Bytes per second each way per connection (default: ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--interval-ms", defaultValue = "20", description = "Pause between handoffs, ms (default: ${DEFAULT-VALUE}).")
    long intervalMillis;

    @Option(names = "--seed", description = "Seed of the random choices (default: the time).")
    Long seed;

    @Option(names = "--time-limit-min", defaultValue = "60", description = "Give up (and fail) after this many minutes (default: ${DEFAULT-VALUE}).")
    long timeLimitMinutes;

    @Option(names = "--progress-s", defaultValue = "10", description = "Seconds between progress lines (default: ${DEFAULT-VALUE}).")
    long progressSeconds;

    @Option(names = "--name", defaultValue = "sksoak", description = "Testbed name, prefix of its namespaces (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--site", defaultValue = "81", description = "Testbed address block, 0-255 (default: ${DEFAULT-VALUE}).")
    int site;

    @Option(names = "--heap-histograms", description = "Keep every class histogram taken for the live heap in this directory"
            + " (histo-<pid>-<handoffs>.txt), to see what a growing heap holds.")
    java.nio.file.Path histograms;

    @Override
    public Integer call() throws Exception {
        Soak.Options o;
        if (histograms != null) {
            java.nio.file.Files.createDirectories(histograms);
            ProcessFigures.keepHistogramsIn(histograms);
        }
        try {
            for (String k : faultKinds) {
                if (!k.equals("link-cut") && !k.equals("dsco-restart") && !k.equals("none")) {
                    throw new IllegalArgumentException("unknown fault kind '" + k + "' (link-cut, dsco-restart or none)");
                }
            }
            o = new Soak.Options(name, site, handoffs, minFaults, connections, rate, Duration.ofMillis(intervalMillis),
                    Duration.ofMillis(faultEveryMillis), Duration.ofMillis(maxLinkCutMillis),
                    faultKinds.contains("link-cut"), faultKinds.contains("dsco-restart"),
                    seed != null ? seed : System.currentTimeMillis(), Duration.ofMinutes(timeLimitMinutes),
                    Duration.ofSeconds(Math.max(1, progressSeconds)));
        } catch (IllegalArgumentException e) {
            System.err.println("ds-soak: " + e.getMessage());
            return 2;
        }
        Soak.Result r = new Soak(o, System.out).run();
        return r.errors().isEmpty() ? 0 : 1;
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new SoakCli());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("ds-soak: " + e.getMessage());
            return 1;
        });
        System.exit(cl.execute(args));
    }
}
