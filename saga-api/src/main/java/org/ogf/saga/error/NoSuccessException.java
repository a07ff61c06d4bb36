package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when the operation failed and no other exception applies. */
public class NoSuccessException extends SagaException {
    private static final long serialVersionUID = 1L;

    public NoSuccessException() {
        super(NO_SUCCESS);
    }

    public NoSuccessException(String message) {
        super(NO_SUCCESS, message);
    }

    public NoSuccessException(Throwable cause) {
        super(NO_SUCCESS, cause);
    }

    public NoSuccessException(String message, Throwable cause) {
        super(NO_SUCCESS, message, cause);
    }

    public NoSuccessException(String message, SagaObject object) {
        super(NO_SUCCESS, message, object);
    }

    public NoSuccessException(Throwable cause, SagaObject object) {
        super(NO_SUCCESS, cause, object);
    }

    public NoSuccessException(String message, Throwable cause, SagaObject object) {
        super(NO_SUCCESS, message, cause, object);
    }
}
