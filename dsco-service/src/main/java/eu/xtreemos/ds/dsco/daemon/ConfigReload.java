package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.config.ConfigException;
import eu.xtreemos.ds.dsco.config.ConfigLoader;
import eu.xtreemos.ds.dsco.config.DscoConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Re-reads the configuration file (on SIGHUP): the keys that may change at run time ({@link ConfigAdmin#RUNTIME_KEYS},
 * the same ones {@code dsctl config KEY VALUE} changes, through the same checks) take their new values at once;
 * every other change is logged as needing a restart. A file that does not load changes nothing.
 */
final class ConfigReload {
    private static final Logger log = LoggerFactory.getLogger(ConfigReload.class);

    /**
     * Keys the cluster changes while dsco runs (contact takeover, failover, nodes added and removed): the file's value is
     * for the next start.
     */
    private static final Set<String> CLUSTER_OWNED = Set.of("contact", "node.role", "nodes");

    /** What a reload did: the keys changed now (old -> new), those that need a restart, or the error. */
    record Result(Map<String, String> applied, List<String> needRestart, String error) {
    }

    private final Path file;
    private final LiveConfig config;

    ConfigReload(Path file, LiveConfig config) {
        this.file = file;
        this.config = config;
    }

    synchronized Result reload() {
        DscoConfig fresh;
        try {
            fresh = ConfigLoader.load(file);
        } catch (ConfigException e) {
            log.error("SIGHUP: {} not reloaded, nothing changed: {}", file, e.getMessage());
            return new Result(Map.of(), List.of(), e.getMessage());
        }
        Map<String, String> was = ConfigAdmin.settings(config.get());
        Map<String, String> now = ConfigAdmin.settings(fresh);
        Map<String, String> applied = new LinkedHashMap<>();
        List<String> needRestart = new ArrayList<>();
        List<UnaryOperator<DscoConfig>> changes = new ArrayList<>();
        for (String key : union(was, now)) {
            String before = was.get(key), after = now.get(key);
            if (Objects.equals(before, after) || CLUSTER_OWNED.contains(key)) {
                continue;
            }
            if (ConfigAdmin.RUNTIME_KEYS.containsKey(key)) {
                try {
                    changes.add(ConfigAdmin.change(key, after));
                } catch (ConfigException e) { // the loader checked it already; kept for a key the two read differently
                    log.error("SIGHUP: {} not reloaded, nothing changed: {}", file, e.getMessage());
                    return new Result(Map.of(), List.of(), e.getMessage());
                }
                applied.put(key, before + " -> " + after);
            } else {
                needRestart.add(key);
            }
        }
        config.update(c -> {
            DscoConfig out = c;
            for (UnaryOperator<DscoConfig> change : changes) {
                out = change.apply(out);
            }
            return out;
        });
        if (applied.isEmpty() && needRestart.isEmpty()) {
            log.info("SIGHUP: re-read {}: nothing changed", file);
        } else {
            applied.forEach((k, v) -> log.info("SIGHUP: {} changed: {}", k, v));
            if (!needRestart.isEmpty()) {
                log.warn("SIGHUP: changed in {} but only read at start, so they apply after a restart: {}", file,
                        String.join(", ", needRestart));
            }
        }
        return new Result(applied, needRestart, null);
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(keys::add);
        return keys;
    }
}
