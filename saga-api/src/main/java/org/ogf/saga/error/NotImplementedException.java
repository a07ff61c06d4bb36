package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when the implementation does not provide this call or this package. */
public class NotImplementedException extends SagaException {
    private static final long serialVersionUID = 1L;

    public NotImplementedException() {
        super();
    }

    public NotImplementedException(String message) {
        super(message);
    }

    public NotImplementedException(Throwable cause) {
        super(cause);
    }

    public NotImplementedException(String message, Throwable cause) {
        super(message, cause);
    }

    public NotImplementedException(String message, SagaObject object) {
        super(message, object);
    }

    public NotImplementedException(Throwable cause, SagaObject object) {
        super(cause, object);
    }

    public NotImplementedException(String message, Throwable cause, SagaObject object) {
        super(message, cause, object);
    }

    @Override
    protected int specificity() {
        return 12;
    }
}
