package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.config.ConfigLoader;
import eu.xtreemos.ds.dsco.config.DscoConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserNamespaceCheckTest {
    @TempDir
    Path dir;

    private DscoConfig config(Map<String, String> extra) throws Exception {
        Path key = dir.resolve("cluster.key");
        Files.write(key, new byte[32]);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("node.name", "contact");
        p.put("node.address", "fd00:d5:1:1::10");
        p.put("node.role", "contact");
        p.put("nodes", "contact=fd00:d5:1:1::10, server1=fd00:d5:1:1::11");
        p.put("service.web.address", "fd00:d5:1:5::1");
        p.put("service.web.ports", "7000");
        p.put("ha.address", "fd00:d5:1:1::1");
        p.put("cluster.key.file", key.toString());
        p.put("api.socket", dir.resolve("sock/dsco.sock").toString());
        p.put("state.dir", dir.resolve("state").toString());
        p.putAll(extra);
        Path f = dir.resolve("dsco.properties");
        Files.writeString(f, p.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining("\n")));
        return ConfigLoader.load(f);
    }

    @Test
    void aConfigurationOfTheUsersOwnDirectoriesAndNoOverflowIdRuns() throws Exception {
        assertEquals(List.of(), UserNamespaceCheck.problems(config(Map.of("api.users", "0")), 65534, 65534, d -> true));
    }

    @Test
    void theOverflowIdsAreRefusedBecauseTheyStandForEveryUserOutside() throws Exception {
        List<String> p = UserNamespaceCheck.problems(config(Map.of("api.users", "65534", "api.groups", "65533",
                "admin.group", "65533")), 65534, 65533, d -> true);
        assertEquals(3, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("api.users: uid 65534 shows as the overflow id"), p.get(0));
        assertTrue(p.get(1).startsWith("api.groups: gid 65533"), p.get(1));
        assertTrue(p.get(2).startsWith("admin.group: gid 65533"), p.get(2));
    }

    @Test
    void aSocketOrStateDirectoryUnderADirectoryItCannotWriteIsNamedWithItsKey() throws Exception {
        Path hostRun = Files.createDirectory(dir.resolve("run"));
        DscoConfig c = config(Map.of("api.socket", hostRun.resolve("dsco/dsco.sock").toString(),
                "state.dir", hostRun.resolve("lib/dsco").toString()));
        // The directory as the host's root-owned /run looks from a user namespace: it exists, it cannot be written.
        List<String> p = UserNamespaceCheck.problems(c, 65534, 65534, d -> !d.equals(hostRun));
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("api.socket: " + hostRun + " belongs to the host's root"), p.get(0));
        assertTrue(p.get(1).startsWith("state.dir: " + hostRun + " belongs to the host's root"), p.get(1));
    }
}
