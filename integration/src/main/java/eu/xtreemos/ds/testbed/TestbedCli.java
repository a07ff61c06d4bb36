package eu.xtreemos.ds.testbed;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code ds-testbed up|show|down}: the command line of {@link NamespaceTestbed}. */
@Command(name = "ds-testbed", mixinStandardHelpOptions = true, version = "ds-testbed 0.1.0",
        description = "Builds, shows and removes the network-namespace testbed for Distributed Servers "
                + "(a router/home agent, a contact node, server nodes and clients, each in its own namespace). "
                + "Needs root.",
        subcommands = {TestbedCli.Up.class, TestbedCli.Show.class, TestbedCli.Down.class})
public final class TestbedCli implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its exit codes: 0 ok, 2 bad input (with usage), 1 anything that failed. */
    public static CommandLine commandLine() {
        // The commands print their own results; --verbose (or -Dds.log.level=DEBUG) shows every ip command.
        if (System.getProperty("ds.log.level") == null) {
            logLevel(Level.WARN);
        }
        CommandLine cl = new CommandLine(new TestbedCli());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("ds-testbed: " + e.getMessage());
            if (parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--verbose")) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: up, show or down");
    }

    static void logLevel(Level level) {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(level);
        }
    }

    /** Options every subcommand has. */
    static final class Common {
        @Spec(Spec.Target.MIXEE)
        CommandSpec cmd;

        @Option(names = "--name", defaultValue = TestbedSpec.DEFAULT_NAME, paramLabel = "NAME",
                description = "Testbed name, the prefix of its namespaces (1-8 characters a-z, 0-9; default: ${DEFAULT-VALUE}).")
        String name;

        @Option(names = {"-v", "--verbose"}, description = "Log every command run, and stack traces of errors.")
        boolean verbose;

        /** Applies --verbose, and turns invalid values into usage errors (exit code 2). */
        <T> T checked(Callable<T> make) {
            if (verbose) {
                logLevel(Level.DEBUG);
            }
            try {
                return make.call();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cmd.commandLine(), e.getMessage());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Creates the testbed (first removing any leftovers with the same name) and prints it. "
                    + "It stays until 'down'.")
    static final class Up implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--servers", defaultValue = "1", paramLabel = "N",
                description = "Server nodes besides the contact node, 1..9 (default: ${DEFAULT-VALUE}).")
        int servers;

        @Option(names = "--clients", defaultValue = "1", paramLabel = "M",
                description = "Client nodes, 1..9 (default: ${DEFAULT-VALUE}).")
        int clients;

        @Option(names = "--site", defaultValue = "1", paramLabel = "K",
                description = "Address block 0..255: addresses fd00:d5:K::/48 (K in hex) and 10.K.0.0/16 "
                        + "(default: ${DEFAULT-VALUE}).")
        int site;

        @Override
        public Integer call() {
            TestbedSpec spec = common.checked(() -> new TestbedSpec(common.name, servers, clients, site));
            long t0 = System.nanoTime();
            NamespaceTestbed.up(spec).detach();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            var out = common.cmd.commandLine().getOut();
            out.print(NamespaceTestbed.show(spec.name()));
            out.printf("%nup in %d ms; remove with: ds-testbed down --name %s%n", ms, spec.name());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Prints the testbed's namespaces, their addresses and the router's routes; exit code 1 if there is no such testbed.")
    static final class Show implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() {
            String name = common.checked(() -> TestbedSpec.validateName(common.name));
            if (!NamespaceTestbed.exists(name)) {
                common.cmd.commandLine().getErr().println("ds-testbed: " + NamespaceTestbed.show(name));
                return 1;
            }
            common.cmd.commandLine().getOut().print(NamespaceTestbed.show(name));
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Deletes every namespace of the testbed (NAME-ha, -contact, -serverN, -clientN); "
                    + "no error if there is none.")
    static final class Down implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() {
            String name = common.checked(() -> TestbedSpec.validateName(common.name));
            long t0 = System.nanoTime();
            boolean existed = NamespaceTestbed.exists(name);
            NamespaceTestbed.down(name);
            common.cmd.commandLine().getOut().printf(existed ? "testbed '%s' removed in %d ms%n"
                    : "no testbed '%s' to remove%n", name, (System.nanoTime() - t0) / 1_000_000);
            return 0;
        }
    }
}
