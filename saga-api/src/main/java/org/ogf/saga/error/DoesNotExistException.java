package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when the entity asked for does not exist. */
public class DoesNotExistException extends SagaException {
    private static final long serialVersionUID = 1L;

    public DoesNotExistException() {
        super(DOES_NOT_EXIST);
    }

    public DoesNotExistException(String message) {
        super(DOES_NOT_EXIST, message);
    }

    public DoesNotExistException(Throwable cause) {
        super(DOES_NOT_EXIST, cause);
    }

    public DoesNotExistException(String message, Throwable cause) {
        super(DOES_NOT_EXIST, message, cause);
    }

    public DoesNotExistException(String message, SagaObject object) {
        super(DOES_NOT_EXIST, message, object);
    }

    public DoesNotExistException(Throwable cause, SagaObject object) {
        super(DOES_NOT_EXIST, cause, object);
    }

    public DoesNotExistException(String message, Throwable cause, SagaObject object) {
        super(DOES_NOT_EXIST, message, cause, object);
    }
}
