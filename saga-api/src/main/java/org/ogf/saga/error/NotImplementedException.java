package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when the implementation does not provide this call or this package. */
public class NotImplementedException extends SagaException {
    private static final long serialVersionUID = 1L;

    public NotImplementedException() {
        super(NOT_IMPLEMENTED);
    }

    public NotImplementedException(String message) {
        super(NOT_IMPLEMENTED, message);
    }

    public NotImplementedException(Throwable cause) {
        super(NOT_IMPLEMENTED, cause);
    }

    public NotImplementedException(String message, Throwable cause) {
        super(NOT_IMPLEMENTED, message, cause);
    }

    public NotImplementedException(String message, SagaObject object) {
        super(NOT_IMPLEMENTED, message, object);
    }

    public NotImplementedException(Throwable cause, SagaObject object) {
        super(NOT_IMPLEMENTED, cause, object);
    }

    public NotImplementedException(String message, Throwable cause, SagaObject object) {
        super(NOT_IMPLEMENTED, message, cause, object);
    }
}
