package org.ogf.saga;

import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.session.Session;

/**
 * What every SAGA object has (GFD.90, section 3.2): a session it belongs to and a unique id.
 * Objects can be copied with {@link #clone}.
 */
public interface SagaObject extends Cloneable {
    /** A timeout (in seconds) that waits for as long as it takes; any negative value does the same. */
    float WAIT_FOREVER = -1.0f;

    /** A timeout (in seconds) that does not wait: the call only looks at the present state. */
    float NO_WAIT = 0.0f;

    /**
     * The session this object was created in.
     *
     * @throws DoesNotExistException the object has no session (sessions, contexts, URLs, buffers)
     */
    Session getSession() throws DoesNotExistException;

    /** A unique identifier of this object. */
    String getId();

    /** A copy of this object, with a new id. */
    Object clone() throws CloneNotSupportedException;
}
