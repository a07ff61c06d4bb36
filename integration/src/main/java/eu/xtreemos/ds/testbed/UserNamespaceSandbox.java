package eu.xtreemos.ds.testbed;

import eu.xtreemos.ds.kernel.UserNamespaces;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where a rootless testbed lives: a user namespace in which the invoking user is root, with its own mount, network
 * and PID namespaces, kept alive by one keeper process.
 *
 * <p>Inside, CAP_NET_ADMIN and CAP_SYS_ADMIN hold for everything the user namespace owns, so the testbed's code runs
 * there unchanged: a private tmpfs on {@code /run/netns} (only this sandbox sees it) takes the named network
 * namespaces that {@code ip netns add} makes, and the daemons get TCP_REPAIR, NFQUEUE and routes in them. The
 * keeper is PID 1 of the sandbox's PID namespace: stopping it ends every process inside (daemons, applications,
 * clients) and with them every namespace, so nothing outlives {@link #stop}.
 *
 * <p>Its files (the keeper's pid, its log, the daemons' configurations, logs and sockets) are in {@link #dir}:
 * {@code /tmp/ds-testbed-UID/NAME}, private to the user. Files there are the same inside and outside, so a dsco
 * socket there can be used from the user's own shell; dsco sees such a caller as root of the sandbox.
 */
public final class UserNamespaceSandbox {
    /** Set in every process started inside a sandbox: the sandbox's directory. */
    public static final String ENV = "DS_TESTBED_SANDBOX";
    private static final String KEEPER_PID = "keeper.pid";
    /**
     * The keeper: /run/netns becomes a private tmpfs (over /run when the host has no /run/netns, which a user
     * cannot create); loopback comes up, as Java finds IPv6 missing in a network namespace without an IPv6 address
     * (and the JVMs started in the sandbox open their nodes' sockets from there); then it waits forever as PID 1.
     */
    static final String KEEPER_SCRIPT = "set -e; ip link set lo up; if [ -d /run/netns ]; then mount -t tmpfs -o mode=755 ds-testbed /run/netns;"
            + " else mount -t tmpfs -o mode=755 ds-testbed /run; mkdir /run/netns; fi; echo ready; exec sleep infinity";

    private final Path dir;
    private final long unsharePid;

    private UserNamespaceSandbox(Path dir, long unsharePid) {
        this.dir = dir;
        this.unsharePid = unsharePid;
    }

    /** The directory of testbed {@code name}'s sandbox for the current user. */
    public static Path dirOf(String name) {
        return Path.of("/tmp", "ds-testbed-" + currentUid(), TestbedSpec.validateName(name));
    }

    /** Inside a sandbox: its directory (from {@link #ENV}); outside: empty. */
    public static Optional<Path> current() {
        String d = System.getenv(ENV);
        return d == null || d.isBlank() ? Optional.empty() : Optional.of(Path.of(d));
    }

    /** Is this process inside a user namespace other than the host's? */
    public static boolean insideUserNamespace() {
        return UserNamespaces.nested();
    }

    /**
     * Starts the sandbox of testbed {@code name} (stopping a leftover one first) and waits until it is ready.
     * Throws with the keeper's output when the kernel or the system refuses (e.g. no user namespaces for this user).
     */
    public static UserNamespaceSandbox start(String name) throws IOException, InterruptedException {
        find(name).ifPresent(UserNamespaceSandbox::stop);
        Path dir = privateDir(name);
        Path log = dir.resolve("keeper.log");
        // --kill-child: the keeper dies with unshare, and as PID 1 it takes everything inside along.
        Process p = new ProcessBuilder("unshare", "--user", "--map-root-user", "--mount", "--net", "--pid", "--fork",
                "--mount-proc", "--kill-child", "sh", "-c", KEEPER_SCRIPT)
                .redirectInput(new File("/dev/null")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        UserNamespaceSandbox s = new UserNamespaceSandbox(dir, p.pid());
        Files.writeString(dir.resolve(KEEPER_PID), p.pid() + "\n");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.readString(log).contains("ready")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String out = Files.readString(log).strip();
                s.stop();
                throw new IOException("cannot create the user namespace of the rootless testbed (unshare --user --map-root-user"
                        + " --mount --net --pid): " + (out.isEmpty() ? "no output" : out)
                        + "; see 'dsco check-kernel' (user namespaces for an ordinary user)");
            }
            Thread.sleep(20);
        }
        return s;
    }

    /** The running sandbox of testbed {@code name}, if any. */
    public static Optional<UserNamespaceSandbox> find(String name) {
        Path dir = dirOf(name);
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve(KEEPER_PID)).strip());
            if (ProcessHandle.of(pid).map(h -> h.info().command().orElse("").endsWith("unshare")).orElse(false)) {
                return Optional.of(new UserNamespaceSandbox(dir, pid));
            }
            return Optional.of(new UserNamespaceSandbox(dir, -1)); // files left by a sandbox that is gone
        } catch (IOException | NumberFormatException e) {
            return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) ? Optional.of(new UserNamespaceSandbox(dir, -1)) : Optional.empty();
        }
    }

    public Path dir() {
        return dir;
    }

    public boolean alive() {
        return unsharePid > 0 && ProcessHandle.of(unsharePid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The keeper (PID 1 inside) as the host sees it: the process whose namespaces {@code nsenter} joins. */
    public long keeperPid() {
        return ProcessHandle.of(unsharePid).flatMap(h -> h.children().findFirst()).map(ProcessHandle::pid)
                .orElseThrow(() -> new IllegalStateException("the rootless testbed in " + dir + " is not running"));
    }

    /**
     * The command prefix that runs a command inside the sandbox as its root: the user, mount, network and PID
     * namespaces of the keeper. {@code --preserve-credentials}: the user is root there already, and a user namespace
     * made by an ordinary user refuses the setgroups that nsenter would do otherwise.
     */
    public List<String> enter() {
        return List.of("nsenter", "--target", String.valueOf(keeperPid()), "--user", "--mount", "--net", "--pid",
                "--preserve-credentials");
    }

    /** {@link #enter} followed by {@code command}, with {@link #ENV} set so that the command knows where it is. */
    public List<String> enter(List<String> command) {
        List<String> cmd = new ArrayList<>(enter());
        cmd.addAll(List.of("env", ENV + "=" + dir));
        cmd.addAll(command);
        return cmd;
    }

    /** Ends every process inside and with them every namespace, and removes the directory (idempotent). */
    public void stop() {
        ProcessHandle.of(unsharePid).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> h).join();
        });
        try {
            FileTrees.delete(dir);
            try {
                Files.deleteIfExists(dir.getParent()); // the user's last testbed: /tmp/ds-testbed-UID goes too
            } catch (DirectoryNotEmptyException others) {
                // the user's other testbeds are there
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    /** {@code /tmp/ds-testbed-UID/NAME}, created 0700; refuses a path someone else owns or a symbolic link. */
    private static Path privateDir(String name) throws IOException {
        Path dir = dirOf(name);
        for (Path d : List.of(dir.getParent(), dir)) {
            if (!Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (Files.isSymbolicLink(d) || !Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)
                    || ((Integer) Files.getAttribute(d, "unix:uid", LinkOption.NOFOLLOW_LINKS)) != currentUid()) {
                throw new IOException(d + " is not a directory of uid " + currentUid() + "; remove it");
            }
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
        }
        return dir;
    }

    static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "rootless testbed sandbox " + dir + (alive() ? " (keeper " + unsharePid + ")" : " (not running)");
    }
}
