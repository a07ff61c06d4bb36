package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when none of the session's contexts could be used to authenticate. */
public class AuthenticationFailedException extends SagaException {
    private static final long serialVersionUID = 1L;

    public AuthenticationFailedException() {
        super();
    }

    public AuthenticationFailedException(String message) {
        super(message);
    }

    public AuthenticationFailedException(Throwable cause) {
        super(cause);
    }

    public AuthenticationFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    public AuthenticationFailedException(String message, SagaObject object) {
        super(message, object);
    }

    public AuthenticationFailedException(Throwable cause, SagaObject object) {
        super(cause, object);
    }

    public AuthenticationFailedException(String message, Throwable cause, SagaObject object) {
        super(message, cause, object);
    }

    @Override
    protected int specificity() {
        return 8;
    }
}
