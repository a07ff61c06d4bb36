package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when a parameter is out of range, of the wrong form or otherwise unusable. */
public class BadParameterException extends SagaException {
    private static final long serialVersionUID = 1L;

    public BadParameterException() {
        super(BAD_PARAMETER);
    }

    public BadParameterException(String message) {
        super(BAD_PARAMETER, message);
    }

    public BadParameterException(Throwable cause) {
        super(BAD_PARAMETER, cause);
    }

    public BadParameterException(String message, Throwable cause) {
        super(BAD_PARAMETER, message, cause);
    }

    public BadParameterException(String message, SagaObject object) {
        super(BAD_PARAMETER, message, object);
    }

    public BadParameterException(Throwable cause, SagaObject object) {
        super(BAD_PARAMETER, cause, object);
    }

    public BadParameterException(String message, Throwable cause, SagaObject object) {
        super(BAD_PARAMETER, message, cause, object);
    }
}
