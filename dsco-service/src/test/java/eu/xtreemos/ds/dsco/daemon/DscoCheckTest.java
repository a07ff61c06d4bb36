package eu.xtreemos.ds.dsco.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.*;

/** {@code dsco --check} on the metrics endpoint's address: a non-loopback one only with metrics.allow-remote=true. */
class DscoCheckTest {
    @TempDir
    Path dir;

    private String[] check(String metricsLines) throws Exception {
        Path key = dir.resolve("cluster.key");
        Files.write(key, new byte[32]);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path conf = dir.resolve("dsco.properties");
        Files.writeString(conf, String.join("\n", "node.name = contact", "node.address = fd00:d5:1:1::10",
                "service.web.address = fd00:d5:1:5::1", "service.web.ports = 7000", "ha.address = fd00:d5:1:1::1",
                "cluster.key.file = " + key, "api.socket = " + dir.resolve("dsco.sock"), "state.dir = " + dir, metricsLines));
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int rc = new CommandLine(new DscoMain()).execute("--config", conf.toString(), "--check");
            return new String[] {String.valueOf(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void aNonLoopbackMetricsAddressIsRefusedWithoutAllowRemote() throws Exception {
        String[] r = check("metrics.listen = [fd00:d5:1:1::10]:9464");
        assertEquals("2", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("metrics.listen: '[fd00:d5:1:1::10]:9464' is not a loopback address")
                && r[2].contains("metrics.allow-remote=true"), r[2]);
        r = check("metrics.listen = [fd00:d5:1:1::10]:9464\nmetrics.allow-remote = true");
        assertEquals("0", r[0], r[1] + r[2]);
        assertEquals("0", check("metrics.listen = 127.0.0.1:9464")[0]);
    }
}
