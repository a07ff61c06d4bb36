package eu.xtreemos.saga.spi;

import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.monitoring.Callback;
import org.ogf.saga.monitoring.Metric;
import org.ogf.saga.monitoring.Monitorable;
import org.ogf.saga.session.Session;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A metric of a {@link Monitorable}. The owner fires it with a new value ({@link #fire(String)}); callbacks
 * run on the firing thread, in the order they were added; one that throws is logged
 * (System.Logger: the engine has no logging dependency) and kept (a failing callback must not break the object
 * that fired).
 */
public final class MetricImpl extends SagaObjectBase implements Metric, AttributeSupport<Metric> {
    private static final Logger LOG = System.getLogger(MetricImpl.class.getName());

    private final Monitorable owner;
    private final AttributeStore attributes = new AttributeStore(false);
    private final Map<Integer, Callback> callbacks = new LinkedHashMap<>();
    private int nextCookie = 1;
    private boolean closed;

    public MetricImpl(Monitorable owner, Session session, String name, String description, String mode, String unit,
                      String type, String value) {
        super(session);
        this.owner = owner;
        boolean rw = "ReadWrite".equals(mode);
        attributes.define(NAME, false, true, false, null, null, name)
                .define(DESCRIPTION, false, true, false, null, null, description)
                .define(MODE, false, true, false, null, null, mode)
                .define(UNIT, false, true, false, null, null, unit)
                .define(TYPE, false, true, false, null, null, type)
                .define(VALUE, false, !rw, false, null, null, value);
    }

    /** The metric's name. */
    public String name() {
        return attributes.exists(NAME) ? getAttributeQuietly(NAME) : "";
    }

    private String getAttributeQuietly(String key) {
        try {
            return attributes.get(key);
        } catch (Exception e) {
            return "";
        }
    }

    /** The owner sets the value and runs the callbacks. */
    public void fire(String value) {
        attributes.put(VALUE, value);
        Map<Integer, Callback> now;
        synchronized (this) {
            if (closed) {
                return;
            }
            now = new LinkedHashMap<>(callbacks);
        }
        for (Map.Entry<Integer, Callback> e : now.entrySet()) {
            boolean keep = true;
            try {
                keep = e.getValue().cb(owner, this, null);
            } catch (AuthorizationFailedException x) {
                // the callback refused this event; it stays registered
            } catch (NotImplementedException | RuntimeException x) {
                LOG.log(Level.WARNING, "SAGA callback on metric " + name() + " failed", x);
            }
            if (!keep) {
                synchronized (this) {
                    callbacks.remove(e.getKey());
                }
            }
        }
    }

    /** The owner is closed: no more callbacks. */
    public synchronized void close() {
        closed = true;
        callbacks.clear();
    }

    /** The current value. */
    public String value() {
        return getAttributeQuietly(VALUE);
    }

    @Override
    public synchronized int addCallback(Callback cb) throws IncorrectStateException {
        if (closed) {
            throw new IncorrectStateException("metric " + name() + ": its object is closed, it will not fire again", this);
        }
        int cookie = nextCookie++;
        callbacks.put(cookie, cb);
        return cookie;
    }

    @Override
    public synchronized void removeCallback(int cookie) throws BadParameterException {
        if (callbacks.remove(cookie) == null) {
            throw new BadParameterException("metric " + name() + " has no callback with cookie " + cookie, this);
        }
    }

    @Override
    public void fire() throws PermissionDeniedException, IncorrectStateException {
        if (!"ReadWrite".equals(getAttributeQuietly(MODE))) {
            throw new PermissionDeniedException("metric " + name() + " is " + getAttributeQuietly(MODE)
                    + ": only ReadWrite metrics can be fired by the application", this);
        }
        synchronized (this) {
            if (closed) {
                throw new IncorrectStateException("metric " + name() + ": its object is closed", this);
            }
        }
        fire(value());
    }

    @Override
    public AttributeStore attributeStore() {
        return attributes;
    }

    @Override
    public <E> Task<Metric, E> taskOf(TaskMode mode, SagaCall<E> call) {
        return TaskImpl.create(mode, sessionOrNull(), this, call);
    }

    @Override
    public String toString() {
        return "metric " + name() + " = " + value();
    }
}
