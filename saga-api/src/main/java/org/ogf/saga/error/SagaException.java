package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The base of the SAGA exceptions (GFD.90, section 3.1). Besides the message it may name the SAGA object that
 * raised it, and it may carry nested exceptions: when an implementation tried several adaptors, each one's
 * failure is kept, and the most specific one is the top-level exception.
 *
 * <p>Exceptions compare by specificity, most specific first, in the order GFD.90 lists them:
 * IncorrectURL, BadParameter, AlreadyExists, DoesNotExist, IncorrectState, PermissionDenied,
 * AuthorizationFailed, AuthenticationFailed, Timeout, NoSuccess, NotImplemented. The Java binding's
 * {@link SagaIOException}, which GFD.90 does not have, ranks between AuthenticationFailed and Timeout. Each
 * subclass passes its rank, one of the constants below, to the constructor.
 */
public abstract class SagaException extends Exception implements Comparable<SagaException>, Iterable<SagaException> {
    private static final long serialVersionUID = 1L;

    /** Rank of {@link IncorrectURLException}, the most specific. */
    protected static final int INCORRECT_URL = 1;
    /** Rank of {@link BadParameterException}. */
    protected static final int BAD_PARAMETER = 2;
    /** Rank of {@link AlreadyExistsException}. */
    protected static final int ALREADY_EXISTS = 3;
    /** Rank of {@link DoesNotExistException}. */
    protected static final int DOES_NOT_EXIST = 4;
    /** Rank of {@link IncorrectStateException}. */
    protected static final int INCORRECT_STATE = 5;
    // 6 is unused: the binding's numbering leaves it out.
    /** Rank of {@link PermissionDeniedException}. */
    protected static final int PERMISSION_DENIED = 7;
    /** Rank of {@link AuthorizationFailedException}. */
    protected static final int AUTHORIZATION_FAILED = 8;
    /** Rank of {@link AuthenticationFailedException}. */
    protected static final int AUTHENTICATION_FAILED = 9;
    /** Rank of {@link SagaIOException}. */
    protected static final int IO_EXCEPTION = 10;
    /** Rank of {@link TimeoutException}. */
    protected static final int TIMEOUT = 11;
    /** Rank of {@link NoSuccessException}. */
    protected static final int NO_SUCCESS = 12;
    /** Rank of {@link NotImplementedException}, the least specific. */
    protected static final int NOT_IMPLEMENTED = 13;

    private final int rank;
    private final transient SagaObject object;
    // Nested exceptions of other adaptors; a list of its own per exception, never shared.
    private final List<SagaException> nested = Collections.synchronizedList(new ArrayList<>());

    protected SagaException(int rank) {
        this(rank, null, null, null);
    }

    protected SagaException(int rank, String message) {
        this(rank, message, null, null);
    }

    protected SagaException(int rank, Throwable cause) {
        this(rank, cause == null ? null : cause.toString(), cause, null);
    }

    protected SagaException(int rank, String message, Throwable cause) {
        this(rank, message, cause, null);
    }

    protected SagaException(int rank, String message, SagaObject object) {
        this(rank, message, null, object);
    }

    protected SagaException(int rank, Throwable cause, SagaObject object) {
        this(rank, cause == null ? null : cause.toString(), cause, object);
    }

    protected SagaException(int rank, String message, Throwable cause, SagaObject object) {
        super(message, cause);
        this.rank = rank;
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

    /**
     * The messages of this exception and of its nested ones, each as {@link #toString} gives it, this one
     * first (GFD.90's {@code get_all_messages}).
     */
    public List<String> getAllMessages() {
        List<String> all = new ArrayList<>();
        all.add(toString());
        synchronized (nested) {
            for (SagaException e : nested) {
                all.add(e.toString());
            }
        }
        return all;
    }

    /**
     * This exception and its nested ones, this one first (GFD.90's {@code get_all_exceptions}). The list is a
     * copy: changing it does not change the exception.
     */
    public List<SagaException> getAllExceptions() {
        List<SagaException> all = new ArrayList<>();
        all.add(this);
        synchronized (nested) {
            all.addAll(nested);
        }
        return all;
    }

    /** Iterates over {@link #getAllExceptions}. */
    @Override
    public Iterator<SagaException> iterator() {
        return Collections.unmodifiableList(getAllExceptions()).iterator();
    }

    /** Negative if this exception is more specific than {@code other} (see the class comment). */
    @Override
    public int compareTo(SagaException other) {
        return Integer.compare(rank, other.rank);
    }

    /**
     * The exception's kind as GFD.90 names it, without "Exception" ({@code IncorrectURL}, {@code NoSuccess},
     * ...), then ": " and the message if there is one.
     */
    @Override
    public String toString() {
        String kind = getClass().getSimpleName();
        if (kind.endsWith("Exception") && kind.length() > "Exception".length()) {
            kind = kind.substring(0, kind.length() - "Exception".length());
        }
        String message = getMessage();
        return message == null ? kind : kind + ": " + message;
    }
}
