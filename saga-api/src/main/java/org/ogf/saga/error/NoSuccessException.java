package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when the operation failed and no other exception applies. */
public class NoSuccessException extends SagaException {
    private static final long serialVersionUID = 1L;

    public NoSuccessException() {
        super();
    }

    public NoSuccessException(String message) {
        super(message);
    }

    public NoSuccessException(Throwable cause) {
        super(cause);
    }

    public NoSuccessException(String message, Throwable cause) {
        super(message, cause);
    }

    public NoSuccessException(String message, SagaObject object) {
        super(message, object);
    }

    public NoSuccessException(Throwable cause, SagaObject object) {
        super(cause, object);
    }

    public NoSuccessException(String message, Throwable cause, SagaObject object) {
        super(message, cause, object);
    }

    @Override
    protected int specificity() {
        return 10;
    }
}
