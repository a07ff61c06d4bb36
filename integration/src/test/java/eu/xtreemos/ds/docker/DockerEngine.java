package eu.xtreemos.ds.docker;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local Docker engine and the testbed's node image. {@link #nodeImage()} is what a Docker test calls
 * first: without an engine (or the docker command) the test is skipped with the reason, never passed;
 * with one, the image is built by integration/docker/build-image.sh when it is missing.
 */
public final class DockerEngine {
    /** The documented image build command; Surefire passes its path. */
    private static final String BUILD_SCRIPT_PROPERTY = "ds.docker.build-image";
    private static final long BUILD_TIMEOUT_MINUTES = 10;

    private static String image;

    private DockerEngine() {
    }

    /** The docker-java client Testcontainers uses, for what Testcontainers does not do itself. */
    public static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    /**
     * The engine Testcontainers found (e.g. {@code unix:///var/run/docker.sock}), for the docker command: it
     * must reach the same engine, whatever DOCKER_HOST says.
     */
    public static String host() {
        return DockerClientFactory.instance().getTransportConfig().getDockerHost().toString();
    }

    /**
     * The node image's tag, built first if missing; skips the calling test (a JUnit assumption) when this
     * machine has no Docker engine or no docker command.
     */
    public static synchronized String nodeImage() throws IOException, InterruptedException {
        skipUnless(DockerClientFactory.instance().isDockerAvailable(),
                "no Docker engine answers on this machine (bin/setup installs docker.io and starts dockerd)");
        skipUnless(onPath("docker"),
                "no docker command on the PATH (the testbed runs the daemons with docker exec; Debian's docker.io has it)");
        if (image == null) {
            image = build();
        }
        return image;
    }

    private static String build() throws IOException, InterruptedException {
        String script = System.getProperty(BUILD_SCRIPT_PROPERTY, "docker/build-image.sh");
        if (!Files.isExecutable(Path.of(script))) {
            throw new IOException("the image build script " + script + " is missing or not executable (system property "
                    + BUILD_SCRIPT_PROPERTY + ")");
        }
        // Progress goes to stderr, which the test output shows; the tag is the last line on stdout.
        ProcessBuilder pb = new ProcessBuilder(script).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("DOCKER_HOST", host());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(script + " did not finish within " + BUILD_TIMEOUT_MINUTES + " minutes");
        }
        List<String> lines = out.lines().toList();
        if (p.exitValue() != 0 || lines.isEmpty()) {
            throw new IOException(script + " failed with exit code " + p.exitValue() + " (its messages are above)");
        }
        return lines.get(lines.size() - 1);
    }

    /** A JUnit assumption, with the reason also on stdout: Maven's summary counts skipped tests but does not say why. */
    private static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            System.out.println("SKIPPED (Docker testbed): " + reason);
        }
        Assumptions.assumeTrue(condition, reason);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
