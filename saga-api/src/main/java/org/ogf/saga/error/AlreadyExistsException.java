package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when the entity to be created exists already. */
public class AlreadyExistsException extends SagaException {
    private static final long serialVersionUID = 1L;

    public AlreadyExistsException() {
        super(ALREADY_EXISTS);
    }

    public AlreadyExistsException(String message) {
        super(ALREADY_EXISTS, message);
    }

    public AlreadyExistsException(Throwable cause) {
        super(ALREADY_EXISTS, cause);
    }

    public AlreadyExistsException(String message, Throwable cause) {
        super(ALREADY_EXISTS, message, cause);
    }

    public AlreadyExistsException(String message, SagaObject object) {
        super(ALREADY_EXISTS, message, object);
    }

    public AlreadyExistsException(Throwable cause, SagaObject object) {
        super(ALREADY_EXISTS, cause, object);
    }

    public AlreadyExistsException(String message, Throwable cause, SagaObject object) {
        super(ALREADY_EXISTS, message, cause, object);
    }
}
