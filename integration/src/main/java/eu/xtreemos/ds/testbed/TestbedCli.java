package eu.xtreemos.ds.testbed;

import eu.xtreemos.ds.dsco.cli.BuildVersion;
import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ds-testbed up|show|down}: the command line of {@link NamespaceTestbed}. */
@Command(name = "ds-testbed", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = {"Builds, shows and removes the network-namespace testbed for Distributed Servers "
                + "(a router/home agent, a contact node, server nodes and clients, each in its own namespace), "
                + "optionally with the HA agent and a dsco per node running (up --daemons), and runs commands in its nodes.",
                "As root the namespaces are the host's (ip netns list). As an ordinary user (or with --rootless) the "
                        + "testbed is built inside a user namespace of its own, where the user is root: no sudo needed, "
                        + "and 'down' ends everything in it (docs/testbed.md)."},
        subcommands = {TestbedCli.Up.class, TestbedCli.Show.class, TestbedCli.Down.class, TestbedCli.Exec.class})
public final class TestbedCli implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        int rc = cl.execute(args);
        // print() on picocli's writers is buffered until a println: what is left must come out before exit.
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(rc);
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
        throw new ParameterException(spec.commandLine(), "missing command: up, show, down or exec");
    }

    static String procStatus() {
        try {
            return Files.readString(Path.of("/proc/self/status"));
        } catch (IOException e) {
            return "";
        }
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

        @Option(names = "--rootless", description = "Build (or find) the testbed in a user namespace of its own, as an "
                + "ordinary user would; the default when not root.")
        boolean rootless;

        /** In a user namespace: asked for, or needed (no privilege), unless this process already runs in the sandbox. */
        boolean inSandbox() {
            if (UserNamespaceSandbox.current().isPresent()) {
                return false;
            }
            return rootless || NamespaceTestbed.privilegeProblem(procStatus()).isPresent();
        }

        /** This command line again, run inside the sandbox; returns its exit code. */
        int rerunInside(UserNamespaceSandbox sandbox) throws Exception {
            List<String> args = cmd.root().commandLine().getParseResult().originalArgs();
            return SameJava.runInheritingIo(sandbox.enter(SameJava.command(TestbedCli.class, args)));
        }

        /** The running sandbox of the testbed, or empty (with the message printed) when there is none. */
        Optional<UserNamespaceSandbox> runningSandbox() {
            Optional<UserNamespaceSandbox> s = UserNamespaceSandbox.find(name).filter(UserNamespaceSandbox::alive);
            if (s.isEmpty()) {
                cmd.commandLine().getErr().println("ds-testbed: no rootless testbed '" + name + "' (no running sandbox in "
                        + UserNamespaceSandbox.dirOf(name) + "; create one with: ds-testbed up --name " + name + ")");
            }
            return s;
        }

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
            description = "Creates the testbed (first removing any leftovers with the same name), prints it and how to "
                    + "run commands in its nodes; with --daemons also starts the HA agent and a dsco per server node and "
                    + "prints their sockets, the dsctl lines, how to run an application on the nodes and connect a client. "
                    + "Everything stays until 'down'.")
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

        @Option(names = "--daemons", description = "Also start the HA agent and a dsco per server node, with generated "
                + "configurations, and print their sockets and how to use them.")
        boolean daemons;

        @Override
        public Integer call() throws Exception {
            TestbedSpec spec = common.checked(() -> new TestbedSpec(common.name, servers, clients, site));
            var out = common.cmd.commandLine().getOut();
            if (common.inSandbox()) {
                UserNamespaceSandbox sandbox = UserNamespaceSandbox.start(spec.name());
                int rc = common.rerunInside(sandbox);
                if (rc != 0) {
                    sandbox.stop();
                    return rc;
                }
                out.printf("%nrootless: the testbed lives in a user namespace held by process %d (files in %s);%n"
                        + "a shell in it: %s ip netns exec %s-NODE bash%n", sandbox.keeperPid(), sandbox.dir(),
                        String.join(" ", sandbox.enter()), spec.name());
                return 0;
            }
            long t0 = System.nanoTime();
            NamespaceTestbed tb = NamespaceTestbed.up(spec);
            Path daemonsDir = null;
            try {
                if (daemons) {
                    daemonsDir = TestbedDaemons.start(tb);
                }
            } catch (Exception e) {
                tb.close();
                throw e;
            }
            tb.detach();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            out.print(NamespaceTestbed.show(spec.name()));
            out.print(TestbedGuide.text(TestbedGuide.Facts.of(tb, UserNamespaceSandbox.current().isPresent(), daemonsDir)));
            out.printf("%nup in %d ms; remove with: %sbin/ds-testbed down --name %s%n", ms,
                    UserNamespaceSandbox.current().isPresent() ? "" : "sudo ", spec.name());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Prints the testbed's namespaces, their addresses and the router's routes; exit code 1 if there is no such testbed.")
    static final class Show implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() throws Exception {
            String name = common.checked(() -> TestbedSpec.validateName(common.name));
            if (common.inSandbox()) {
                Optional<UserNamespaceSandbox> s = common.runningSandbox();
                return s.isEmpty() ? 1 : common.rerunInside(s.get());
            }
            if (!NamespaceTestbed.exists(name)) {
                common.cmd.commandLine().getErr().println("ds-testbed: " + NamespaceTestbed.show(name));
                return 1;
            }
            common.cmd.commandLine().getOut().print(NamespaceTestbed.show(name));
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stops the testbed's daemons and deletes every namespace of the testbed (NAME-ha, -contact, "
                    + "-serverN, -clientN); rootless: ends every process in its user namespace and removes its files. "
                    + "No error if there is none.")
    static final class Down implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() throws Exception {
            String name = common.checked(() -> TestbedSpec.validateName(common.name));
            long t0 = System.nanoTime();
            boolean existed;
            if (common.inSandbox()) {
                Optional<UserNamespaceSandbox> s = UserNamespaceSandbox.find(name);
                existed = s.isPresent();
                s.ifPresent(UserNamespaceSandbox::stop);
            } else {
                existed = TestbedDaemons.stop(name) | NamespaceTestbed.exists(name);
                NamespaceTestbed.down(name);
            }
            common.cmd.commandLine().getOut().printf(existed ? "testbed '%s' removed in %d ms%n"
                    : "no testbed '%s' to remove%n", name, (System.nanoTime() - t0) / 1_000_000);
            return 0;
        }
    }

    @Command(name = "exec", mixinStandardHelpOptions = true,
            description = {"Runs a command in a node's network namespace (rootless: inside the testbed's user namespace, "
                    + "as its root) with this terminal's input and output; exits with the command's exit code.",
                    "Example: ds-testbed exec contact -- ip -6 addr"})
    static final class Exec implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(index = "0", paramLabel = "NODE", description = "ha, contact, serverN or clientN.")
        String node;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments "
                + "(put -- before it when it has options of its own).")
        List<String> command;

        @Override
        public Integer call() throws Exception {
            String name = common.checked(() -> TestbedSpec.validateName(common.name));
            if (!node.matches("ha|contact|server[1-9]|client[1-9]")) {
                throw new ParameterException(common.cmd.commandLine(), "NODE must be ha, contact, serverN or clientN, got '" + node + "'");
            }
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name + "-" + node));
            cmd.addAll(command);
            if (common.inSandbox()) {
                Optional<UserNamespaceSandbox> s = common.runningSandbox();
                return s.isEmpty() ? 1 : SameJava.runInheritingIo(s.get().enter(cmd));
            }
            return SameJava.runInheritingIo(cmd);
        }
    }
}
