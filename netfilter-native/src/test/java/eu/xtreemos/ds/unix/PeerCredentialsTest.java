package eu.xtreemos.ds.unix;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.*;

/** A peer running as another user (nobody, via setpriv) is reported as such. */
@Timeout(60)
class PeerCredentialsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"--clear-groups;''", "--groups=4242,4243;4242 4243"})
    void peerRunningAsNobody(String groupOption, String expectedGroups) throws Exception {
        Assumptions.assumeTrue(eu.xtreemos.ds.kernel.LibC.geteuid() == 0, "needs root to switch users");
        String cp = TestSupport.worldReadableClasspath(dir);
        Path socket = dir.resolve("peer.sock");
        Path log = dir.resolve("helper.log");
        try (UnixSeqpacketServer server = UnixSeqpacketServer.bind(socket, 0666, UnixSocketLimits.DEFAULT)) {
            server.listen();
            List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", groupOption,
                    "--", TestSupport.javaBinary(), "-Djna.tmpdir=" + dir.resolve("jna"), "-cp", cp,
                    PeerHelper.class.getName(), socket.toString()));
            Files.createDirectory(dir.resolve("jna"));
            Files.setPosixFilePermissions(dir.resolve("jna"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            Process helper = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                CompletableFuture<UnixSeqpacketSocket> accepted = CompletableFuture.supplyAsync(() -> {
                    try {
                        return server.accept();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                UnixSeqpacketSocket peer;
                try {
                    peer = accepted.get(30, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    fail("helper did not connect; its output:\n" + Files.readString(log));
                    return;
                }
                try (peer) {
                    try (UnixMessage hello = peer.receive()) {
                        assertEquals("hello from pid " + helper.pid(), new String(hello.data(), StandardCharsets.UTF_8));
                    }
                    PeerCredentials c = peer.peerCredentials();
                    assertEquals(new PeerCredentials((int) helper.pid(), 65534, 65534), c);
                    int[] expected = expectedGroups.isEmpty() ? new int[0]
                            : Arrays.stream(expectedGroups.split(" ")).mapToInt(Integer::parseInt).toArray();
                    int[] groups = peer.peerGroups();
                    Arrays.sort(groups);
                    assertArrayEquals(expected, groups, "SO_PEERGROUPS");
                    int[] fromProc = c.supplementaryGroupsFromProc();
                    Arrays.sort(fromProc);
                    assertArrayEquals(expected, fromProc, "/proc/<pid>/status Groups:");
                }
                assertTrue(helper.waitFor(20, TimeUnit.SECONDS), "helper did not exit after the close");
                assertEquals(0, helper.exitValue(), Files.readString(log));
            } finally {
                helper.destroyForcibly();
            }
        }
    }
}
