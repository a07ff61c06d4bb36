package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.config.DscoConfig;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * This node's configuration as it is now: the run-time settings, the contact node, the nodes and the contact
 * node's successor order change while dsco runs.
 */
final class LiveConfig implements Supplier<DscoConfig> {
    private volatile DscoConfig config;
    private final List<Consumer<String>> contactWatchers = new CopyOnWriteArrayList<>();
    /** The contact node's successors set at run time (SET_SUCCESSORS), first in the failover order; empty: none. */
    private volatile List<String> successors = List.of();

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
        DscoConfig now = config;
        successors = successors.stream().filter(now.nodes()::containsKey).toList(); // a removed node succeeds no one
        if (!now.contact().equals(contact)) {
            contactWatchers.forEach(w -> w.accept(now.contact()));
        }
        return now;
    }

    /** {@code watcher} is told each new contact node, in the order of the changes. */
    void watchContact(Consumer<String> watcher) {
        contactWatchers.add(watcher);
    }

    /** Sets the successors named first in the failover order. */
    synchronized void setSuccessors(List<String> nodes) {
        successors = List.copyOf(nodes);
    }

    /** The successors set at run time (possibly none). */
    List<String> successors() {
        return successors;
    }

    /** The order in which nodes succeed the contact node: the successors set, then the other nodes in configured order. */
    List<String> successorOrder() {
        return GroupChanges.successorOrder(config.nodes().keySet(), successors);
    }
}
