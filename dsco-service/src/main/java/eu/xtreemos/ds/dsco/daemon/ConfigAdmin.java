package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.Attr;
import eu.xtreemos.ds.dsco.api.MalformedMessageException;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.config.ConfigException;
import eu.xtreemos.ds.dsco.config.ConfigLoader;
import eu.xtreemos.ds.dsco.config.DscoConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** GET_CONFIG and SET_CONFIG: this node's settings as shown, and the ones that change at run time. */
final class ConfigAdmin {
    private static final Logger log = LoggerFactory.getLogger(ConfigAdmin.class);

    /** Keys that can be changed at run time; true = privileged (root or the admin group). */
    static final Map<String, Boolean> RUNTIME_KEYS = Map.of(
            "timeouts.flush", false, "timeouts.prepare", false, "timeouts.commit", false, "timeouts.ha", false,
            "timeouts.grace", false, "timeouts.restart", false, "api.users", true, "api.groups", true);

    /** SET_CONFIG's MODE: the change is not written to the file, so it lasts until a restart or a SIGHUP re-reads it. */
    static final String NOT_PERSISTED = "until-restart";

    private final LiveConfig config;

    ConfigAdmin(LiveConfig config) {
        this.config = config;
    }

    ApiMessage get(ApiMessage rq) {
        String only = rq.textOr(Attr.KEY, null);
        ApiMessage r = ApiMessage.reply(rq, Status.OK);
        settings(config.get()).forEach((k, v) -> {
            if (only == null || only.equals(k)) {
                r.add(Attr.KEY, k).add(Attr.VALUE, v);
            }
        });
        if (only != null && r.first(Attr.KEY) == null) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, "unknown key '" + only + "'");
        }
        return r;
    }

    ApiMessage set(Caller caller, ApiMessage rq) throws MalformedMessageException {
        String key = rq.text(Attr.KEY);
        String value = rq.text(Attr.VALUE);
        Boolean privileged = RUNTIME_KEYS.get(key);
        if (privileged == null) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, "'" + key + "' cannot be changed at run time (changeable: "
                    + RUNTIME_KEYS.keySet().stream().sorted().collect(Collectors.joining(", ")) + ")");
        }
        if (privileged && !caller.privileged()) {
            log.warn("refused SET_CONFIG {} from {}: privileged setting", key, caller);
            return ApiMessage.error(rq, Status.DENIED, key + " is a privileged setting: root or the admin group only");
        }
        DscoConfig now;
        try {
            UnaryOperator<DscoConfig> change = change(key, value);
            now = config.update(change);
        } catch (ConfigException e) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, e.getMessage());
        }
        log.info("{} set {} = {} (until restart or SIGHUP: not written to the configuration file)", caller, key, value);
        return ApiMessage.reply(rq, Status.OK).add(Attr.KEY, key).add(Attr.VALUE, settings(now).get(key))
                .add(Attr.MODE, NOT_PERSISTED);
    }

    /** The change of one run-time key, its value checked first. */
    static UnaryOperator<DscoConfig> change(String key, String value) throws ConfigException {
        switch (key) {
            case "timeouts.flush", "timeouts.prepare", "timeouts.commit", "timeouts.ha", "timeouts.grace", "timeouts.restart" -> {
                Duration d = ConfigLoader.parseDuration(key, value);
                return c -> c.withTimeouts(c.timeouts().with(key, d));
            }
            case "api.users" -> {
                Set<Integer> ids = ConfigLoader.parseIds(key, value);
                return c -> c.withAccess(ids, c.apiGroups());
            }
            case "api.groups" -> {
                Set<Integer> ids = ConfigLoader.parseIds(key, value);
                return c -> c.withAccess(c.apiUsers(), ids);
            }
            default -> throw new IllegalStateException(key);
        }
    }

    /** The settings shown by GET_CONFIG; the ones in {@link #RUNTIME_KEYS} can be changed. */
    static Map<String, String> settings(DscoConfig c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("node.name", c.nodeName());
        m.put("node.address", c.nodeAddress().getHostAddress());
        m.put("node.role", c.role().name().toLowerCase());
        m.put("contact", c.contact());
        m.put("nodes", c.nodes().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().getHostAddress()).collect(Collectors.joining(", ")));
        for (DscoConfig.Service s : c.services()) {
            m.put("service." + s.id() + ".address", s.address().getHostAddress());
            if (s.address4() != null) {
                m.put("service." + s.id() + ".address4", s.address4().getHostAddress());
            }
            m.put("service." + s.id() + ".ports", s.ports().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        m.put("ha.address", c.haAddress().getHostAddress());
        m.put("ha.port", String.valueOf(c.haPort()));
        m.put("cluster.port", String.valueOf(c.clusterPort()));
        m.put("api.socket", c.apiSocket().toString());
        m.put("api.users", c.apiUsers().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        m.put("api.groups", c.apiGroups().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        m.put("admin.group", String.valueOf(c.adminGroup()));
        m.put("redirect.mode", c.redirectMode().name().toLowerCase().replace('_', '-'));
        m.put("filter.mode", c.filterMode().name().toLowerCase());
        m.put("filter.queue", String.valueOf(c.queueNum()));
        m.put("timeouts.flush", c.timeouts().flush().toMillis() + "ms");
        m.put("timeouts.prepare", c.timeouts().prepare().toMillis() + "ms");
        m.put("timeouts.commit", c.timeouts().commit().toMillis() + "ms");
        m.put("timeouts.ha", c.timeouts().ha().toMillis() + "ms");
        m.put("timeouts.grace", c.timeouts().grace().toMillis() + "ms");
        m.put("timeouts.restart", c.timeouts().restart().toMillis() + "ms");
        m.put("state.dir", c.stateDir().toString());
        m.put("failover.enabled", String.valueOf(c.failover().enabled()));
        m.put("failover.port", String.valueOf(c.failover().port()));
        m.put("failover.detection", c.failover().detection().toMillis() + "ms");
        m.put("cluster.key.file", c.clusterKeyFile().toString());
        m.put("ro.backend", c.routeOptimization().backend().name().toLowerCase());
        m.put("ro.lifetime", c.routeOptimization().lifetime().toSeconds() + "s");
        InetSocketAddress metrics = c.metrics().listen();
        m.put("metrics.listen", metrics == null ? "" : (metrics.getAddress() instanceof Inet6Address
                ? "[" + metrics.getAddress().getHostAddress() + "]" : metrics.getAddress().getHostAddress()) + ":" + metrics.getPort());
        m.put("metrics.allow-remote", String.valueOf(c.metrics().allowRemote()));
        return m;
    }
}
