package eu.xtreemos.ds.dsco.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class ConfigLoaderTest {
    @TempDir
    Path dir;
    Map<String, String> props;

    @BeforeEach
    void good() throws Exception {
        Path key = dir.resolve("cluster.key");
        Files.write(key, new byte[32]);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        props = new LinkedHashMap<>();
        props.put("node.name", "contact");
        props.put("node.address", "fd00:d5:1:1::10");
        props.put("node.role", "contact");
        props.put("nodes", "contact=fd00:d5:1:1::10, server1=fd00:d5:1:1::11");
        props.put("service.web.address", "fd00:d5:1:5::1");
        props.put("service.web.address4", "10.1.5.1");
        props.put("service.web.ports", "7000, 7001");
        props.put("ha.address", "fd00:d5:1:1::1");
        props.put("cluster.key.file", key.toString());
        props.put("api.socket", dir.resolve("dsco.sock").toString());
        props.put("api.users", "root, 65534");
        props.put("timeouts.prepare", "2s");
    }

    DscoConfig load() throws Exception {
        Path f = dir.resolve("dsco.properties");
        Files.writeString(f, props.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining("\n")));
        return ConfigLoader.load(f);
    }

    @Test
    void readsAGoodConfiguration() throws Exception {
        DscoConfig c = load();
        assertEquals("contact", c.nodeName());
        assertEquals(DscoConfig.Role.CONTACT, c.role());
        assertEquals(2, c.nodes().size());
        assertEquals(java.util.List.of(7000, 7001), c.service("web").ports());
        assertEquals("10.1.5.1", c.service("web").address4().getHostAddress());
        assertEquals(java.util.Set.of(0, 65534), c.apiUsers());
        assertEquals(2000, c.timeouts().prepare().toMillis());
        assertEquals(DscoConfig.FilterMode.HOLD, c.filterMode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "node.name|Contact!|node.name",
            "node.address|not-an-address|node.address",
            "node.address|10.0.0.1|node.address",
            "node.role|boss|node.role",
            "nodes|contact=fd00:d5:1:1::99|nodes",
            "nodes|justaname|nodes",
            "service.web.ports|70000|service.web.ports",
            "service.web.address4|fd00::1|service.web.address4",
            "service.web.colour|blue|service.web.colour",
            "ha.port|0|ha.port",
            "api.socket|relative/path|api.socket",
            "api.users|no-such-user-xyz|api.users",
            "timeouts.commit|forever|timeouts.commit",
            "filter.mode|lose|filter.mode",
            "nodes.typo|x|nodes.typo",
            "metrics.listen|9464|metrics.listen",
            "metrics.listen|::1:9464|metrics.listen",
            "metrics.listen|127.0.0.1:99999|metrics.listen",
            "metrics.listen|metrics.example:9464|metrics.listen",
            "metrics.allow-remote|yes|metrics.allow-remote",
    })
    void refusesABadValueNamingTheKey(String key, String value, String named) {
        props.put(key, value);
        ConfigException e = assertThrows(ConfigException.class, this::load);
        assertEquals(named, e.key(), e.getMessage());
    }

    @Test
    void refusesMissingRequiredKeys() {
        for (String k : new String[] {"node.name", "node.address", "ha.address", "cluster.key.file"}) {
            String v = props.remove(k);
            ConfigException e = assertThrows(ConfigException.class, this::load);
            assertEquals(k, e.key());
            assertTrue(e.getMessage().contains("missing"), e.getMessage());
            props.put(k, v);
        }
        props.remove("service.web.address");
        assertEquals("service.web.address", assertThrows(ConfigException.class, this::load).key());
    }

    @Test
    void refusesAClusterKeyOthersCanReadOrThatIsShort() throws Exception {
        Path key = Path.of(props.get("cluster.key.file"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(assertThrows(ConfigException.class, this::load).getMessage().contains("chmod 600"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Files.write(key, new byte[8]);
        assertTrue(assertThrows(ConfigException.class, this::load).getMessage().contains("at least 32"));
    }

    @Test
    void readsAPreviousClusterKeyAndRefusesOneThatIsTheSameOrOpenToOthers() throws Exception {
        assertNull(load().previousClusterKeyFile(), "no rotation under way");
        Path previous = dir.resolve("cluster.key.old");
        byte[] old = new byte[32];
        old[0] = 1;
        Files.write(previous, old);
        Files.setPosixFilePermissions(previous, PosixFilePermissions.fromString("rw-------"));
        props.put("cluster.key.previous.file", previous.toString());
        assertEquals(previous, load().previousClusterKeyFile());

        Files.setPosixFilePermissions(previous, PosixFilePermissions.fromString("rw-r--r--"));
        ConfigException open = assertThrows(ConfigException.class, this::load);
        assertEquals("cluster.key.previous.file", open.key());
        assertTrue(open.getMessage().contains("chmod 600"), open.getMessage());

        Files.setPosixFilePermissions(previous, PosixFilePermissions.fromString("rw-------"));
        Files.write(previous, new byte[32]); // the current key's bytes
        ConfigException same = assertThrows(ConfigException.class, this::load);
        assertEquals("cluster.key.previous.file", same.key());
        assertTrue(same.getMessage().contains("same key"), same.getMessage());
    }

    @Test
    void theMetricsEndpointIsOffByDefaultAndOnLoopbackWhenSet() throws Exception {
        assertNull(load().metrics().listen());
        props.put("metrics.listen", "127.0.0.1:9464");
        assertEquals("/127.0.0.1:9464", load().metrics().listen().toString());
        props.put("metrics.listen", "[::1]:9465");
        assertTrue(load().metrics().listen().getAddress().isLoopbackAddress());
        assertEquals(9465, load().metrics().listen().getPort());
        props.put("metrics.listen", "localhost:9464");
        assertTrue(load().metrics().listen().getAddress().isLoopbackAddress());
    }

    @Test
    void aProtectedServiceNeedsFailoverAndUsesTheQueueAfterTheFilters() throws Exception {
        assertFalse(load().protects(), "unprotected by default");
        props.put("service.web.protected", "true");
        props.put("failover.enabled", "false");
        ConfigException e = assertThrows(ConfigException.class, this::load);
        assertEquals("service.web.protected", e.key());
        assertTrue(e.getMessage().contains("failover.enabled"), e.getMessage());
        props.put("failover.enabled", "true");
        DscoConfig c = load();
        assertTrue(c.service("web").protectedService() && c.protects());
        assertEquals(c.queueNum() + 1, c.protectQueueNum());
        props.put("service.web.protected", "yes");
        assertTrue(assertThrows(ConfigException.class, this::load).getMessage().contains("'yes' is not true or false"));
    }

    @Test
    void aNonLoopbackMetricsAddressNeedsAllowRemote() throws Exception {
        props.put("metrics.listen", "[fd00:d5:1:1::10]:9464");
        ConfigException e = assertThrows(ConfigException.class, this::load);
        assertEquals("metrics.listen", e.key());
        assertTrue(e.getMessage().contains("not a loopback address") && e.getMessage().contains("metrics.allow-remote=true"),
                e.getMessage());
        props.put("metrics.allow-remote", "true");
        assertEquals("fd00:d5:1:1:0:0:0:10", load().metrics().listen().getAddress().getHostAddress());
    }
}
