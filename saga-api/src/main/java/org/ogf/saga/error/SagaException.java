package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The base of the twelve SAGA exceptions (GFD.90, section 3.1). Besides the message it may name the
 * SAGA object that raised it, and it may carry nested exceptions: when an implementation tried several
 * adaptors, each one's failure is kept, and the most specific one is the top-level exception.
 * Exceptions compare by specificity, as the specification orders them.
 */
public abstract class SagaException extends Exception implements Comparable<SagaException>, Iterable<SagaException> {
    private static final long serialVersionUID = 1L;

    private final transient SagaObject object;
    private final List<SagaException> nested = new ArrayList<>();

    protected SagaException() {
        this(null, null, null);
    }

    protected SagaException(String message) {
        this(message, null, null);
    }

    protected SagaException(Throwable cause) {
        this(cause == null ? null : cause.toString(), cause, null);
    }

    protected SagaException(String message, Throwable cause) {
        this(message, cause, null);
    }

    protected SagaException(String message, SagaObject object) {
        this(message, null, object);
    }

    protected SagaException(Throwable cause, SagaObject object) {
        this(cause == null ? null : cause.toString(), cause, object);
    }

    protected SagaException(String message, Throwable cause, SagaObject object) {
        super(message, cause);
        this.object = object;
    }

    /**
     * The SAGA object that raised this exception.
     *
     * @throws DoesNotExistException no object is associated with this exception
     * @throws NoSuccessException    never thrown here; declared by the binding
     */
    public SagaObject getObject() throws DoesNotExistException, NoSuccessException {
        if (object == null) {
            throw new DoesNotExistException("no SAGA object is associated with this " + getClass().getSimpleName());
        }
        return object;
    }

    /** Adds an exception raised by another adaptor for the same call. */
    public void addNestedException(SagaException e) {
        nested.add(e);
    }

    /** This exception's message, then one line per nested exception. */
    public String getAllMessages() {
        StringBuilder b = new StringBuilder(String.valueOf(getMessage()));
        for (SagaException e : nested) {
            b.append('\n').append("  ").append(e.getClass().getSimpleName()).append(": ").append(e.getAllMessages());
        }
        return b.toString();
    }

    /** The nested exceptions, in the order they were added (this one first if there are none). */
    public List<SagaException> getAllExceptions() {
        if (nested.isEmpty()) {
            return List.of(this);
        }
        return List.copyOf(nested);
    }

    @Override
    public Iterator<SagaException> iterator() {
        return getAllExceptions().iterator();
    }

    /** Specificity rank from GFD.90: lower is more specific. */
    protected abstract int specificity();

    @Override
    public int compareTo(SagaException other) {
        return Integer.compare(specificity(), other.specificity());
    }
}
