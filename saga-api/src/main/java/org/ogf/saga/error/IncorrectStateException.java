package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when the object is in a state in which the call is not allowed (for instance closed). */
public class IncorrectStateException extends SagaException {
    private static final long serialVersionUID = 1L;

    public IncorrectStateException() {
        super(INCORRECT_STATE);
    }

    public IncorrectStateException(String message) {
        super(INCORRECT_STATE, message);
    }

    public IncorrectStateException(Throwable cause) {
        super(INCORRECT_STATE, cause);
    }

    public IncorrectStateException(String message, Throwable cause) {
        super(INCORRECT_STATE, message, cause);
    }

    public IncorrectStateException(String message, SagaObject object) {
        super(INCORRECT_STATE, message, object);
    }

    public IncorrectStateException(Throwable cause, SagaObject object) {
        super(INCORRECT_STATE, cause, object);
    }

    public IncorrectStateException(String message, Throwable cause, SagaObject object) {
        super(INCORRECT_STATE, message, cause, object);
    }
}
