package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when none of the session's contexts could be used to authenticate. */
public class AuthenticationFailedException extends SagaException {
    private static final long serialVersionUID = 1L;

    public AuthenticationFailedException() {
        super(AUTHENTICATION_FAILED);
    }

    public AuthenticationFailedException(String message) {
        super(AUTHENTICATION_FAILED, message);
    }

    public AuthenticationFailedException(Throwable cause) {
        super(AUTHENTICATION_FAILED, cause);
    }

    public AuthenticationFailedException(String message, Throwable cause) {
        super(AUTHENTICATION_FAILED, message, cause);
    }

    public AuthenticationFailedException(String message, SagaObject object) {
        super(AUTHENTICATION_FAILED, message, object);
    }

    public AuthenticationFailedException(Throwable cause, SagaObject object) {
        super(AUTHENTICATION_FAILED, cause, object);
    }

    public AuthenticationFailedException(String message, Throwable cause, SagaObject object) {
        super(AUTHENTICATION_FAILED, message, cause, object);
    }
}
