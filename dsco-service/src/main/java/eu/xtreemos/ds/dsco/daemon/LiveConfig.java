package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.config.DscoConfig;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** This node's configuration as it is now: the run-time settings and the contact node change while dsco runs. */
final class LiveConfig implements Supplier<DscoConfig> {
    private volatile DscoConfig config;
    private final List<Consumer<String>> contactWatchers = new CopyOnWriteArrayList<>();

    LiveConfig(DscoConfig initial) {
        this.config = initial;
    }

    @Override
    public DscoConfig get() {
        return config;
    }

    /** Applies {@code change} to the current configuration, one change at a time; returns the new one. */
    synchronized DscoConfig update(UnaryOperator<DscoConfig> change) {
        String contact = config.contact();
        config = change.apply(config);
        if (!config.contact().equals(contact)) {
            contactWatchers.forEach(w -> w.accept(config.contact()));
        }
        return config;
    }

    /** {@code watcher} is told each new contact node, in the order of the changes. */
    void watchContact(Consumer<String> watcher) {
        contactWatchers.add(watcher);
    }
}
