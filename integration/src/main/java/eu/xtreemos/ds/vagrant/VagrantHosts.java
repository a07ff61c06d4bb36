package eu.xtreemos.ds.vagrant;

import eu.xtreemos.ds.cluster.NodeProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Vagrant testbed's VMs (vagrant/Vagrantfile) as this host reaches them: ssh with the configuration that
 * {@code vagrant ssh-config} prints, asked once (Vagrant itself takes seconds to start; ssh does not). Commands
 * run as the vagrant user; prefix them with sudo for root.
 */
public final class VagrantHosts {
    /** The VMs, in the Vagrantfile's order. */
    public static final List<String> HOSTS = List.of("ha", "contact", "server", "client");
    private static final long COMMAND_SECONDS = 120;

    private final Path sshConfig;
    private final Path logs;

    private VagrantHosts(Path sshConfig, Path logs) {
        this.sshConfig = sshConfig;
        this.logs = logs;
    }

    /**
     * Reads the ssh configuration of the VMs of the Vagrantfile in {@code vagrantDir}; fails, naming the cause,
     * when they are not all up. Logs of the processes started on them go to {@code logs}.
     */
    public static VagrantHosts open(Path vagrantDir, Path logs) throws IOException, InterruptedException {
        if (!Files.isRegularFile(vagrantDir.resolve("Vagrantfile"))) {
            throw new IOException("no Vagrantfile in " + vagrantDir);
        }
        Files.createDirectories(logs);
        Path config = logs.resolve("ssh-config");
        Path err = logs.resolve("vagrant-ssh-config.err");
        Process p = new ProcessBuilder("vagrant", "ssh-config").directory(vagrantDir.toFile())
                .redirectOutput(config.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("vagrant ssh-config did not answer within " + COMMAND_SECONDS + " s");
        }
        String hosts = Files.readString(config);
        List<String> missing = HOSTS.stream().filter(h -> !hosts.contains("Host " + h + "\n")).toList();
        if (p.exitValue() != 0 || !missing.isEmpty()) {
            throw new IOException("the VMs " + missing + " are not running (vagrant ssh-config: " + Files.readString(err).trim()
                    + "); start them with: cd " + vagrantDir + " && vagrant up");
        }
        return new VagrantHosts(config, logs);
    }

    /** The ssh command line that runs {@code remote} on {@code host} (words quoted for the remote shell). */
    public List<String> ssh(String host, String... remote) {
        if (!HOSTS.contains(host)) {
            throw new IllegalArgumentException("no VM named '" + host + "' (VMs: " + HOSTS + ")");
        }
        List<String> cmd = new ArrayList<>(List.of("ssh", "-F", sshConfig.toString(), "-T", "-o", "BatchMode=yes",
                "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=30", "-o", "ServerAliveInterval=10", host, "--"));
        StringBuilder line = new StringBuilder();
        for (String w : remote) {
            line.append(line.isEmpty() ? "" : " ").append(w.matches("[A-Za-z0-9_./:=@,+%-]+") ? w : "'" + w.replace("'", "'\\''") + "'");
        }
        cmd.add(line.toString());
        return cmd;
    }

    /** Runs {@code remote} on {@code host} and returns its stdout; throws with its exit code and stderr if it fails. */
    public String exec(String host, String... remote) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(ssh(host, remote)).start();
        p.getOutputStream().close();
        // Small outputs only (configuration, log tails): read both after the end.
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(host + ": '" + String.join(" ", remote) + "' did not finish within " + COMMAND_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(host + ": '" + String.join(" ", remote) + "' exited with " + p.exitValue() + ": "
                    + new String(err, StandardCharsets.UTF_8).trim());
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Copies the file {@code remote} of {@code host} (read as root) to {@code local}, byte for byte. */
    public void copy(String host, String remote, Path local) throws IOException, InterruptedException {
        Path err = logs.resolve("copy.err");
        Process p = new ProcessBuilder(ssh(host, "sudo", "cat", remote)).redirectOutput(local.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(host + ": copying " + remote + " did not finish within " + COMMAND_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(host + ": copying " + remote + " failed: " + Files.readString(err).trim());
        }
    }

    /** A long-running process on {@code host}: stdin and stdout are the remote command's, stderr goes to a log here. */
    public NodeProcess process(String name, String host, String... remote) throws IOException {
        return new NodeProcess(name, ssh(host, remote), logs.resolve(name + ".log"));
    }

    /** What provisioning recorded about a host (/etc/ds-testbed.conf): its role, address, the service, ... */
    public Map<String, String> testbedConf(String host) throws IOException, InterruptedException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : exec(host, "cat", "/etc/ds-testbed.conf").split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    /** The last lines of the testbed's daemons' logs on a host (for a failure report). */
    public String daemonLogs(String host, int lines) {
        try {
            return exec(host, "sudo", "journalctl", "-q", "--no-pager", "-o", "short-precise", "-n", String.valueOf(lines),
                    "-u", "ds-ha", "-u", "dsco", "-u", "ds-demo");
        } catch (IOException | InterruptedException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
