package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when the object is in a state in which the call is not allowed (for instance closed). */
public class IncorrectStateException extends SagaException {
    private static final long serialVersionUID = 1L;

    public IncorrectStateException() {
        super();
    }

    public IncorrectStateException(String message) {
        super(message);
    }

    public IncorrectStateException(Throwable cause) {
        super(cause);
    }

    public IncorrectStateException(String message, Throwable cause) {
        super(message, cause);
    }

    public IncorrectStateException(String message, SagaObject object) {
        super(message, object);
    }

    public IncorrectStateException(Throwable cause, SagaObject object) {
        super(cause, object);
    }

    public IncorrectStateException(String message, Throwable cause, SagaObject object) {
        super(message, cause, object);
    }

    @Override
    protected int specificity() {
        return 5;
    }
}
