package eu.xtreemos.ds.dsco.daemon;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import eu.xtreemos.ds.dsco.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class ConfigReloadTest {
    @TempDir
    Path dir;
    Path file;
    Map<String, String> props = new LinkedHashMap<>();
    LiveConfig live;
    ConfigReload reload;
    ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void start() throws Exception {
        Path key = dir.resolve("cluster.key");
        Files.write(key, new byte[32]);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        props.put("node.name", "contact");
        props.put("node.address", "fd00:d5:1:1::10");
        props.put("nodes", "contact=fd00:d5:1:1::10, server1=fd00:d5:1:1::11");
        props.put("service.web.address", "fd00:d5:1:5::1");
        props.put("service.web.ports", "7000");
        props.put("ha.address", "fd00:d5:1:1::1");
        props.put("cluster.key.file", key.toString());
        props.put("api.socket", dir.resolve("dsco.sock").toString());
        props.put("timeouts.flush", "100ms");
        file = dir.resolve("dsco.properties");
        write();
        live = new LiveConfig(ConfigLoader.load(file));
        reload = new ConfigReload(file, live);
        logged.start();
        ((Logger) LoggerFactory.getLogger(ConfigReload.class)).addAppender(logged);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(ConfigReload.class)).detachAppender(logged);
    }

    void write() throws Exception {
        Files.writeString(file, props.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining("\n")));
    }

    String log() {
        return logged.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).collect(Collectors.joining("\n"));
    }

    @Test
    void aRunTimeKeyChangesAtOnceAndOthersAreNamedForARestart() throws Exception {
        props.put("timeouts.flush", "300ms");
        props.put("timeouts.commit", "5s");
        props.put("cluster.port", "7211");
        props.put("metrics.listen", "127.0.0.1:9464");
        write();
        ConfigReload.Result r = reload.reload();
        assertNull(r.error());
        assertEquals(Map.of("timeouts.flush", "100ms -> 300ms", "timeouts.commit", "2000ms -> 5000ms"), r.applied());
        assertEquals(List.of("cluster.port", "metrics.listen"), r.needRestart());
        assertEquals(300, live.get().timeouts().flush().toMillis());
        assertEquals(5000, live.get().timeouts().commit().toMillis());
        assertEquals(7200, live.get().clusterPort(), "a restart-only key keeps its running value");
        assertNull(live.get().metrics().listen());
        assertTrue(log().contains("INFO SIGHUP: timeouts.flush changed: 100ms -> 300ms"), log());
        assertTrue(log().contains("WARN SIGHUP: changed in " + file + " but only read at start, so they apply after a restart: "
                + "cluster.port, metrics.listen"), log());
        assertTrue(log().contains("INFO SIGHUP: timeouts.commit changed: 2000ms -> 5000ms"), log());
        ConfigReload.Result again = reload.reload();
        assertEquals(Map.of(), again.applied(), "a second reload finds no new run-time value");
        assertEquals(List.of("cluster.port", "metrics.listen"), again.needRestart(), "and still names what waits for a restart");
    }

    @Test
    void aMalformedFileChangesNothingAndIsLoggedNamingTheError() throws Exception {
        props.put("timeouts.flush", "300ms");
        props.put("timeouts.commit", "forever");
        write();
        ConfigReload.Result r = reload.reload();
        assertTrue(r.error().contains("timeouts.commit"), r.error());
        assertEquals(100, live.get().timeouts().flush().toMillis(), "nothing applied from a file that does not load");
        assertTrue(log().startsWith("ERROR SIGHUP: " + file + " not reloaded, nothing changed: timeouts.commit"), log());
        Files.delete(file);
        assertTrue(reload.reload().error().contains("does not exist"));
    }

    @Test
    void theContactNodeTheClusterChoseIsNotTakenBack() throws Exception {
        live.update(c -> c.withContact("server1")); // a takeover while dsco ran
        props.put("timeouts.grace", "3s");
        write();
        ConfigReload.Result r = reload.reload();
        assertEquals(List.of(), r.needRestart());
        assertEquals("server1", live.get().contact());
        assertEquals(3000, live.get().timeouts().grace().toMillis());
    }

    @Test
    void nodesAddedAtRunTimeAreNotTakenBackNorNamedForARestart() throws Exception {
        java.net.InetAddress server2 = java.net.InetAddress.getByName("fd00:d5:1:1::12");
        live.update(c -> GroupChanges.withNode(c, "server2", server2)); // ADD_NODE
        ConfigReload.Result r = reload.reload();
        assertEquals(List.of(), r.needRestart(), "a restart would drop the node, not apply it");
        assertEquals(List.of("contact", "server1", "server2"), List.copyOf(live.get().nodes().keySet()));
        props.put("nodes", "contact=fd00:d5:1:1::10, server1=fd00:d5:1:1::11, server2=fd00:d5:1:1::12"); // the file catches up
        write();
        assertEquals(List.of(), reload.reload().needRestart());
        assertEquals(List.of("contact", "server1", "server2"), List.copyOf(live.get().nodes().keySet()));
    }
}
