package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when the entity to be created exists already. */
public class AlreadyExistsException extends SagaException {
    private static final long serialVersionUID = 1L;

    public AlreadyExistsException() {
        super();
    }

    public AlreadyExistsException(String message) {
        super(message);
    }

    public AlreadyExistsException(Throwable cause) {
        super(cause);
    }

    public AlreadyExistsException(String message, Throwable cause) {
        super(message, cause);
    }

    public AlreadyExistsException(String message, SagaObject object) {
        super(message, object);
    }

    public AlreadyExistsException(Throwable cause, SagaObject object) {
        super(cause, object);
    }

    public AlreadyExistsException(String message, Throwable cause, SagaObject object) {
        super(message, cause, object);
    }

    @Override
    protected int specificity() {
        return 3;
    }
}
