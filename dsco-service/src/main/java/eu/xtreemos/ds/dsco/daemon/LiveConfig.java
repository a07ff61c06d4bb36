package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.config.DscoConfig;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** This node's configuration as it is now: the run-time settings and the contact node change while dsco runs. */
final class LiveConfig implements Supplier<DscoConfig> {
    private volatile DscoConfig config;

    LiveConfig(DscoConfig initial) {
        this.config = initial;
    }

    @Override
    public DscoConfig get() {
        return config;
    }

    /** Applies {@code change} to the current configuration, one change at a time; returns the new one. */
    synchronized DscoConfig update(UnaryOperator<DscoConfig> change) {
        config = change.apply(config);
        return config;
    }
}
