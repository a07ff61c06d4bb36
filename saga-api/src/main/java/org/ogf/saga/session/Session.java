package org.ogf.saga.session;

import org.ogf.saga.SagaObject;
import org.ogf.saga.context.Context;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.TimeoutException;

/**
 * The security and resource scope of SAGA objects (GFD.90, section 3.5): a set of {@link Context}s that
 * adaptors may use. Objects created in a session keep it.
 */
public interface Session extends SagaObject, AutoCloseable {
    /**
     * Adds a deep copy of {@code context}.
     *
     * @throws NoSuccessException the context cannot be used (for instance its Type is not set)
     */
    void addContext(Context context) throws NoSuccessException, TimeoutException;

    /**
     * Removes a context equal to {@code context} (same type and attributes).
     *
     * @throws DoesNotExistException the session has no such context
     */
    void removeContext(Context context) throws DoesNotExistException;

    /** Deep copies of the session's contexts. */
    Context[] listContexts();

    /** Ends the session; the objects created in it keep working. */
    @Override
    void close();

    void close(float timeoutInSeconds);
}
