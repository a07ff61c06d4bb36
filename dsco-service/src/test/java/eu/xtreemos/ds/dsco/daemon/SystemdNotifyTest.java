package eu.xtreemos.ds.dsco.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** sd_notify as systemd receives it: socat stands in for systemd's datagram socket (the JDK cannot receive one). */
class SystemdNotifyTest {
    @Test
    void readyReachesASocketAtAPath(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("notify");
        assertEquals("READY=1", received("UNIX-RECV:" + socket, socket.toString(), () -> Files.exists(socket)));
    }

    @Test
    void readyReachesASocketInTheAbstractNamespace() throws Exception {
        String name = "ds-notify-test-" + ProcessHandle.current().pid();
        assertEquals("READY=1", received("ABSTRACT-RECV:" + name, "@" + name, () -> abstractSocketBound(name)));
    }

    @Test
    void aMissingSocketIsAnErrorNamingIt(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> SystemdNotify.send(dir.resolve("none").toString(), "READY=1"));
        assertTrue(e.getMessage().contains(dir.resolve("none").toString()), e.getMessage());
    }

    private interface Bound {
        boolean now() throws IOException;
    }

    private static String received(String socatAddress, String notifySocket, Bound bound) throws Exception {
        assumeTrue(new ProcessBuilder("sh", "-c", "command -v socat").start().waitFor() == 0, "no socat (bin/setup installs it)");
        Process receiver = new ProcessBuilder("socat", "-u", socatAddress, "STDOUT").start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!bound.now()) {
                assertTrue(System.nanoTime() < deadline && receiver.isAlive(), "socat did not bind " + socatAddress);
                Thread.sleep(20);
            }
            SystemdNotify.send(notifySocket, "READY=1");
            byte[] got = receiver.getInputStream().readNBytes("READY=1".length());
            return new String(got, StandardCharsets.UTF_8);
        } finally {
            receiver.destroy();
            receiver.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static boolean abstractSocketBound(String name) throws IOException {
        return Files.readAllLines(Path.of("/proc/net/unix")).stream().anyMatch(l -> l.endsWith(" @" + name));
    }
}
