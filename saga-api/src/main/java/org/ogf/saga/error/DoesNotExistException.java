package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when the entity asked for does not exist. */
public class DoesNotExistException extends SagaException {
    private static final long serialVersionUID = 1L;

    public DoesNotExistException() {
        super();
    }

    public DoesNotExistException(String message) {
        super(message);
    }

    public DoesNotExistException(Throwable cause) {
        super(cause);
    }

    public DoesNotExistException(String message, Throwable cause) {
        super(message, cause);
    }

    public DoesNotExistException(String message, SagaObject object) {
        super(message, object);
    }

    public DoesNotExistException(Throwable cause, SagaObject object) {
        super(cause, object);
    }

    public DoesNotExistException(String message, Throwable cause, SagaObject object) {
        super(message, cause, object);
    }

    @Override
    protected int specificity() {
        return 4;
    }
}
