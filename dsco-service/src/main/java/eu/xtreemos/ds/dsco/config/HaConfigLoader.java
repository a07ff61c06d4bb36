package eu.xtreemos.ds.dsco.config;

import org.apache.commons.configuration2.PropertiesConfiguration;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static eu.xtreemos.ds.dsco.config.ConfigLoader.*;

/** Reads and validates the HA agent's properties file; errors name the key. */
public final class HaConfigLoader {
    private static final Set<String> KNOWN = Set.of("ha.name", "ha.address", "ha.port", "cluster.key.file", "cluster.key.previous.file",
            "nodes", "nodes4", "nodes.interface");

    private HaConfigLoader() {
    }

    public static HaConfig load(Path file) throws ConfigException {
        PropertiesConfiguration c = read(file);
        Set<String> ids = new TreeSet<>();
        for (Iterator<String> it = c.getKeys(); it.hasNext(); ) {
            String k = it.next();
            if (k.startsWith("service.")) {
                String[] p = k.split("\\.");
                if (p.length != 3 || !NAME.matcher(p[1]).matches() || !Set.of("address", "address4", "contact", "prefix-length").contains(p[2])) {
                    throw new ConfigException(k, "unknown key (expected service.<id>.address, .address4, .prefix-length or .contact)");
                }
                ids.add(p[1]);
            } else if (!KNOWN.contains(k)) {
                throw new ConfigException(k, "unknown key");
            }
        }
        String name = c.getString("ha.name", "ha");
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException("ha.name", "'" + name + "' must be 1-32 characters a-z, 0-9 and '-'");
        }
        InetAddress address = ipv6(c, "ha.address", required(c, "ha.address"));
        int port = port(c, "ha.port", 7300);
        Path key = Path.of(required(c, "cluster.key.file"));
        checkKeyFile("cluster.key.file", key);
        Path previousKey = previousKeyFile(c, key);
        String ifname = required(c, "nodes.interface");
        Map<String, InetAddress> nodes = namedAddresses(c, "nodes", true);
        Map<String, InetAddress> nodes4 = namedAddresses(c, "nodes4", false);
        if (nodes.isEmpty()) {
            throw new ConfigException("nodes", "no node configured");
        }
        for (String n : nodes4.keySet()) {
            if (!nodes.containsKey(n)) {
                throw new ConfigException("nodes4", "node '" + n + "' is not in nodes");
            }
        }
        if (ids.isEmpty()) {
            throw new ConfigException("service.<id>.address", "no service configured");
        }
        List<HaConfig.HaService> services = new ArrayList<>();
        for (String id : ids) {
            String p = "service." + id + ".";
            InetAddress a = ipv6(c, p + "address", required(c, p + "address"));
            InetAddress a4 = null;
            if (c.containsKey(p + "address4")) {
                a4 = address(p + "address4", c.getString(p + "address4").trim());
                if (!(a4 instanceof Inet4Address)) {
                    throw new ConfigException(p + "address4", "'" + c.getString(p + "address4") + "' is not an IPv4 address");
                }
            }
            String contact = required(c, p + "contact");
            if (!nodes.containsKey(contact)) {
                throw new ConfigException(p + "contact", "'" + contact + "' is not in nodes");
            }
            int prefix = integer(c, p + "prefix-length", 64, 8, 127);
            services.add(new HaConfig.HaService(id, a, prefix, a4, contact));
        }
        return new HaConfig(name, address, port, key, previousKey, ifname, nodes, nodes4, services);
    }
}
