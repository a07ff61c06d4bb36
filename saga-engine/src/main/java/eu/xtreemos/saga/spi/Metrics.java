package eu.xtreemos.saga.spi;

import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.monitoring.Callback;
import org.ogf.saga.monitoring.Monitorable;
import org.ogf.saga.session.Session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The metrics of one object, by name. */
public final class Metrics {
    private final Monitorable owner;
    private final Map<String, MetricImpl> byName = new ConcurrentHashMap<>();

    public Metrics(Monitorable owner) {
        this.owner = owner;
    }

    /** Adds a metric (see {@link org.ogf.saga.monitoring.Metric} for the meaning of the arguments). */
    public MetricImpl add(String name, String description, String mode, String unit, String type, String value) {
        Session s = owner instanceof SagaObjectBase b ? b.sessionOrNull() : null;
        MetricImpl m = new MetricImpl(owner, s, name, description, mode, unit, type, value);
        byName.put(name, m);
        return m;
    }

    public String[] list() {
        return byName.keySet().stream().sorted().toArray(String[]::new);
    }

    public MetricImpl get(String name) throws DoesNotExistException {
        MetricImpl m = byName.get(name);
        if (m == null) {
            throw new DoesNotExistException("no metric '" + name + "' (known: " + String.join(", ", list()) + ")");
        }
        return m;
    }

    public int addCallback(String name, Callback cb) throws DoesNotExistException, IncorrectStateException {
        return get(name).addCallback(cb);
    }

    public void removeCallback(String name, int cookie) throws DoesNotExistException, BadParameterException {
        get(name).removeCallback(cookie);
    }

    /** The object is closed: no metric fires any more. */
    public void close() {
        byName.values().forEach(MetricImpl::close);
    }
}
