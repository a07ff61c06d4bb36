package eu.xtreemos.ds.dsco.config;

import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.convert.DefaultListDelimiterHandler;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.io.FileHandler;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and validates a dsco properties file with Apache Commons Configuration. Every problem is
 * reported as a {@link ConfigException} naming the key; unknown keys are refused too (a typo must
 * not silently fall back to a default).
 */
public final class ConfigLoader {
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    /** Whether {@code name} is a valid node name (as {@code node.name}): 1-32 characters a-z, 0-9 and '-', starting with a letter. */
    public static boolean isNodeName(String name) {
        return name != null && NAME.matcher(name).matches();
    }
    private static final Set<String> KNOWN = Set.of(
            "node.name", "node.address", "node.role", "contact", "nodes", "ha.address", "ha.port", "cluster.port",
            "cluster.key.file", "cluster.key.previous.file", "api.socket", "api.users", "api.groups", "admin.group", "redirect.mode", "ro.backend", "ro.lifetime",
            "filter.mode", "filter.queue", "timeouts.flush", "timeouts.prepare", "timeouts.commit", "timeouts.ha",
            "timeouts.grace", "timeouts.restart", "warmup.rounds", "state.dir", "failover.enabled", "failover.port", "failover.detection", "debug.fault",
            "metrics.listen", "metrics.allow-remote");

    private ConfigLoader() {
    }

    public static DscoConfig load(Path file) throws ConfigException {
        return from(read(file));
    }

    /** Parses a properties file with ',' as list delimiter. */
    static PropertiesConfiguration read(Path file) throws ConfigException {
        if (!Files.isReadable(file)) {
            throw new ConfigException("(file)", file + " does not exist or is not readable");
        }
        PropertiesConfiguration c = new PropertiesConfiguration();
        c.setListDelimiterHandler(new DefaultListDelimiterHandler(','));
        try {
            // FileHandler rather than the fluent builder, which would pull in commons-beanutils.
            new FileHandler(c).load(file.toFile());
        } catch (ConfigurationException e) {
            throw new ConfigException("(file)", "cannot parse " + file + ": " + e.getMessage());
        }
        return c;
    }

    /** "name=address" entries of a list key, addresses of the given family check. */
    static Map<String, InetAddress> namedAddresses(PropertiesConfiguration c, String key, boolean v6) throws ConfigException {
        Map<String, InetAddress> out = new LinkedHashMap<>();
        for (String entry : c.getList(String.class, key, List.of())) {
            String[] kv = entry.trim().split("=", 2);
            if (kv.length != 2 || !NAME.matcher(kv[0].trim()).matches()) {
                throw new ConfigException(key, "entry '" + entry + "' is not name=address");
            }
            InetAddress a = address(key, kv[1].trim());
            if (v6 != (a instanceof Inet6Address)) {
                throw new ConfigException(key, "'" + kv[1].trim() + "' is not an " + (v6 ? "IPv6" : "IPv4") + " address");
            }
            out.put(kv[0].trim(), a);
        }
        return out;
    }

    static DscoConfig from(PropertiesConfiguration c) throws ConfigException {
        for (Iterator<String> it = c.getKeys(); it.hasNext(); ) {
            String k = it.next();
            if (!KNOWN.contains(k) && !k.startsWith("service.")) {
                throw new ConfigException(k, "unknown key");
            }
        }
        String name = required(c, "node.name");
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException("node.name", "'" + name + "' must be 1-32 characters a-z, 0-9 and '-', starting with a letter");
        }
        InetAddress own = ipv6(c, "node.address", required(c, "node.address"));
        DscoConfig.Role role = enumValue(c, "node.role", DscoConfig.Role.class, "contact");

        Map<String, InetAddress> nodes = namedAddresses(c, "nodes", true);
        if (nodes.containsKey(name) && !nodes.get(name).equals(own)) {
            throw new ConfigException("nodes", "lists " + name + " at " + nodes.get(name).getHostAddress()
                    + " but node.address is " + own.getHostAddress());
        }
        nodes.put(name, own);
        String contact = c.getString("contact", role == DscoConfig.Role.CONTACT ? name : "").trim();
        if (contact.isEmpty()) {
            throw new ConfigException("contact", "missing: a server node must name the contact node");
        }
        if (!nodes.containsKey(contact)) {
            throw new ConfigException("contact", "'" + contact + "' is not in nodes");
        }
        if ((role == DscoConfig.Role.CONTACT) != contact.equals(name)) {
            throw new ConfigException("node.role", "is " + role.name().toLowerCase() + " but the contact node is " + contact);
        }

        List<DscoConfig.Service> services = services(c);
        InetAddress ha = ipv6(c, "ha.address", required(c, "ha.address"));
        int haPort = port(c, "ha.port", 7300);
        int clusterPort = port(c, "cluster.port", 7200);
        Path keyFile = Path.of(required(c, "cluster.key.file"));
        checkKeyFile("cluster.key.file", keyFile);
        Path previousKeyFile = previousKeyFile(c, keyFile);
        Path socket = Path.of(c.getString("api.socket", "/run/dsco/dsco.sock"));
        if (!socket.isAbsolute()) {
            throw new ConfigException("api.socket", "'" + socket + "' must be an absolute path");
        }
        Set<Integer> users = ids(c, "api.users", UserIds::uid);
        Set<Integer> groups = ids(c, "api.groups", UserIds::gid);
        String admin = c.getString("admin.group", "root");
        int adminGroup = id("admin.group", admin, UserIds::gid);

        DscoConfig.RedirectMode redirect = enumValue(c, "redirect.mode", DscoConfig.RedirectMode.class, "steering");
        DscoConfig.FilterMode filter = enumValue(c, "filter.mode", DscoConfig.FilterMode.class, "hold");
        int queue = integer(c, "filter.queue", 7, 0, 65535);
        DscoConfig.Timeouts t = new DscoConfig.Timeouts(
                millis(c, "timeouts.flush", 0, 0), millis(c, "timeouts.prepare", 2000), millis(c, "timeouts.commit", 2000),
                millis(c, "timeouts.ha", 1000), millis(c, "timeouts.grace", 2000),
                millis(c, "timeouts.restart", 60_000));
        Path stateDir = Path.of(c.getString("state.dir", "/var/lib/dsco"));
        if (!stateDir.isAbsolute()) {
            throw new ConfigException("state.dir", "'" + stateDir + "' must be an absolute path");
        }
        DscoConfig.Failover failover = failover(c);
        for (DscoConfig.Service s : services) {
            if (s.protectedService() && !failover.enabled()) {
                throw new ConfigException("service." + s.id() + ".protected",
                        "a protected service needs failover.enabled = true: the membership group tells a backup that its client's node died");
            }
        }
        if (queue == 65535 && services.stream().anyMatch(DscoConfig.Service::protectedService)) {
            throw new ConfigException("filter.queue", "a protected service uses the queue after filter.queue; 65535 has none after it");
        }
        return new DscoConfig(name, own, role, contact, nodes, services, ha, haPort, clusterPort, keyFile, previousKeyFile, socket, users, groups,
                adminGroup, redirect, filter, queue, t, stateDir, failover, c.getString("debug.fault", ""), routeOptimization(c),
                metrics(c), integer(c, "warmup.rounds", 200, 0, 100_000));
    }

    private static DscoConfig.RouteOptimization routeOptimization(PropertiesConfiguration c) throws ConfigException {
        DscoConfig.RouteOptimization.Backend backend = enumValue(c, "ro.backend", DscoConfig.RouteOptimization.Backend.class, "auto");
        Duration lifetime = millis(c, "ro.lifetime", 420_000);
        if (lifetime.toSeconds() < 8 || lifetime.toSeconds() > 420) {
            throw new ConfigException("ro.lifetime", lifetime.toSeconds() + " s is outside 8 s .. 420 s (RFC 6275's MAX_RR_BINDING_LIFETIME)");
        }
        return new DscoConfig.RouteOptimization(backend, lifetime);
    }

    private static DscoConfig.Metrics metrics(PropertiesConfiguration c) throws ConfigException {
        String remote = c.getString("metrics.allow-remote", "false").trim();
        if (!remote.equals("true") && !remote.equals("false")) {
            throw new ConfigException("metrics.allow-remote", "'" + remote + "' is not true or false");
        }
        String listen = c.getString("metrics.listen", "").trim();
        if (listen.isEmpty()) {
            return DscoConfig.Metrics.OFF;
        }
        InetSocketAddress at = hostPort("metrics.listen", listen);
        if (!at.getAddress().isLoopbackAddress() && !remote.equals("true")) {
            throw new ConfigException("metrics.listen", "'" + listen + "' is not a loopback address: the metrics endpoint listens on"
                    + " this host only (127.0.0.1 or [::1]) unless metrics.allow-remote=true");
        }
        return new DscoConfig.Metrics(at, remote.equals("true"));
    }

    /** "address:port" with an IP literal, IPv6 in brackets ("[::1]:9464"); "localhost" is 127.0.0.1. */
    static InetSocketAddress hostPort(String key, String value) throws ConfigException {
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? value : value.substring(0, colon);
        if (colon < 0 || host.isEmpty()) {
            throw new ConfigException(key, "'" + value + "' is not address:port (e.g. 127.0.0.1:9464 or [::1]:9464)");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new ConfigException(key, "'" + value + "': an IPv6 address goes in brackets, e.g. [::1]:9464");
        }
        InetAddress a = host.equals("localhost") ? InetAddress.getLoopbackAddress() : address(key, host);
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException(key, "'" + value.substring(colon + 1) + "' is not a port (1-65535)");
        }
        return new InetSocketAddress(a, port);
    }

    private static DscoConfig.Failover failover(PropertiesConfiguration c) throws ConfigException {
        String on = c.getString("failover.enabled", "true").trim();
        if (!on.equals("true") && !on.equals("false")) {
            throw new ConfigException("failover.enabled", "'" + on + "' is not true or false");
        }
        return new DscoConfig.Failover(on.equals("true"), port(c, "failover.port", 7400), millis(c, "failover.detection", 1000));
    }

    private static List<DscoConfig.Service> services(PropertiesConfiguration c) throws ConfigException {
        Set<String> ids = new TreeSet<>();
        for (Iterator<String> it = c.getKeys("service"); it.hasNext(); ) {
            String k = it.next();
            String[] parts = k.split("\\.");
            if (parts.length != 3 || !NAME.matcher(parts[1]).matches()
                    || !Set.of("address", "address4", "ports", "protected").contains(parts[2])) {
                throw new ConfigException(k, "unknown key (expected service.<id>.address, .address4, .ports or .protected)");
            }
            ids.add(parts[1]);
        }
        if (ids.isEmpty()) {
            throw new ConfigException("service.<id>.address", "no service configured");
        }
        List<DscoConfig.Service> out = new ArrayList<>();
        Set<InetAddress> seen = new LinkedHashSet<>();
        for (String id : ids) {
            String p = "service." + id + ".";
            InetAddress a = ipv6(c, p + "address", required(c, p + "address"));
            InetAddress a4 = null;
            if (c.containsKey(p + "address4")) {
                a4 = address(p + "address4", c.getString(p + "address4"));
                if (!(a4 instanceof Inet4Address)) {
                    throw new ConfigException(p + "address4", "'" + c.getString(p + "address4") + "' is not an IPv4 address");
                }
            }
            if (!seen.add(a)) {
                throw new ConfigException(p + "address", a.getHostAddress() + " is used by another service");
            }
            List<Integer> ports = new ArrayList<>();
            for (String s : c.getList(String.class, p + "ports", List.of())) {
                ports.add(parsePort(p + "ports", s.trim()));
            }
            if (ports.isEmpty()) {
                throw new ConfigException(p + "ports", "at least one port is needed");
            }
            String prot = c.getString(p + "protected", "false").trim();
            if (!prot.equals("true") && !prot.equals("false")) {
                throw new ConfigException(p + "protected", "'" + prot + "' is not true or false");
            }
            out.add(new DscoConfig.Service(id, a, a4, List.copyOf(ports), prot.equals("true")));
        }
        return out;
    }

    /** The key accepted besides cluster.key.file while a rotation is under way; null if none is set. */
    static Path previousKeyFile(PropertiesConfiguration c, Path keyFile) throws ConfigException {
        String v = c.getString("cluster.key.previous.file", "").trim();
        if (v.isEmpty()) {
            return null;
        }
        Path previous = Path.of(v);
        checkKeyFile("cluster.key.previous.file", previous);
        try {
            if (Arrays.equals(Files.readAllBytes(previous), Files.readAllBytes(keyFile))) {
                throw new ConfigException("cluster.key.previous.file", previous + " holds the same key as cluster.key.file");
            }
        } catch (IOException e) {
            throw new ConfigException("cluster.key.previous.file", "cannot read " + previous + ": " + e.getMessage());
        }
        return previous;
    }

    static void checkKeyFile(String key, Path keyFile) throws ConfigException {
        if (!Files.isRegularFile(keyFile)) {
            throw new ConfigException(key, keyFile + " does not exist");
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keyFile);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                throw new ConfigException(key, keyFile + " is readable by others; chmod 600 it");
            }
            if (Files.size(keyFile) < 32) {
                throw new ConfigException(key, keyFile + " holds " + Files.size(keyFile)
                        + " bytes; the cluster key needs at least 32");
            }
        } catch (IOException e) {
            throw new ConfigException(key, "cannot read " + keyFile + ": " + e.getMessage());
        }
    }

    static String required(PropertiesConfiguration c, String key) throws ConfigException {
        String v = c.getString(key, null);
        if (v == null || v.isBlank()) {
            throw new ConfigException(key, "missing (required)");
        }
        return v.trim();
    }

    static InetAddress address(String key, String value) throws ConfigException {
        if (!value.matches("[0-9a-fA-F:.]+")) { // a literal only: never a DNS lookup
            throw new ConfigException(key, "'" + value + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            throw new ConfigException(key, "'" + value + "' is not an IP address");
        }
    }

    static InetAddress ipv6(PropertiesConfiguration c, String key, String value) throws ConfigException {
        InetAddress a = address(key, value);
        if (!(a instanceof Inet6Address)) {
            throw new ConfigException(key, "'" + value + "' is not an IPv6 address");
        }
        return a;
    }

    static <E extends Enum<E>> E enumValue(PropertiesConfiguration c, String key, Class<E> type, String dflt)
            throws ConfigException {
        String v = c.getString(key, dflt).trim();
        try {
            return Enum.valueOf(type, v.toUpperCase().replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E x : type.getEnumConstants()) {
                allowed.add(x.name().toLowerCase().replace('_', '-'));
            }
            throw new ConfigException(key, "'" + v + "' is not one of " + allowed);
        }
    }

    static int port(PropertiesConfiguration c, String key, int dflt) throws ConfigException {
        return c.containsKey(key) ? parsePort(key, c.getString(key).trim()) : dflt;
    }

    static int parsePort(String key, String s) throws ConfigException {
        try {
            int p = Integer.parseInt(s);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(key, "'" + s + "' is not a port (1-65535)");
    }

    static int integer(PropertiesConfiguration c, String key, int dflt, int min, int max) throws ConfigException {
        String s = c.getString(key, String.valueOf(dflt)).trim();
        try {
            int v = Integer.parseInt(s);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(key, "'" + s + "' is not a number in " + min + ".." + max);
    }

    /** "250", "250ms", "2s". */
    static Duration millis(PropertiesConfiguration c, String key, long dflt) throws ConfigException {
        return millis(c, key, dflt, 1);
    }

    /** A duration of at least {@code min} ms (0 only where "not at all" makes sense: timeouts.flush). */
    static Duration millis(PropertiesConfiguration c, String key, long dflt, long min) throws ConfigException {
        String s = c.getString(key, dflt + "ms").trim().toLowerCase();
        try {
            long v = s.endsWith("ms") ? Long.parseLong(s.substring(0, s.length() - 2).trim())
                    : s.endsWith("s") ? Long.parseLong(s.substring(0, s.length() - 1).trim()) * 1000
                    : Long.parseLong(s);
            if (v >= min && v <= 600_000) {
                return Duration.ofMillis(v);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(key, "'" + s + "' is not a duration between " + min + "ms and 600s (e.g. 250ms, 2s)");
    }

    /** Parses a run-time value of api.users or api.groups ("root, 1000"). */
    public static Set<Integer> parseIds(String key, String csv) throws ConfigException {
        Function<String, Integer> lookup = key.equals("api.users") ? UserIds::uid : UserIds::gid;
        Set<Integer> out = new LinkedHashSet<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(id(key, s.trim(), lookup));
            }
        }
        return out;
    }

    /** Parses a run-time duration value ("250ms", "2s"). */
    public static Duration parseDuration(String key, String value) throws ConfigException {
        PropertiesConfiguration c = new PropertiesConfiguration();
        c.addProperty(key, value);
        return millis(c, key, 1, key.equals("timeouts.flush") ? 0 : 1);
    }

    static Set<Integer> ids(PropertiesConfiguration c, String key, Function<String, Integer> lookup) throws ConfigException {
        Set<Integer> out = new LinkedHashSet<>();
        for (String s : c.getList(String.class, key, List.of())) {
            if (!s.isBlank()) {
                out.add(id(key, s.trim(), lookup));
            }
        }
        return out;
    }

    static int id(String key, String s, Function<String, Integer> lookup) throws ConfigException {
        if (s.matches("\\d+")) {
            return Integer.parseInt(s);
        }
        Integer id = lookup.apply(s);
        if (id == null) {
            throw new ConfigException(key, "no such user or group '" + s + "'");
        }
        return id;
    }
}
