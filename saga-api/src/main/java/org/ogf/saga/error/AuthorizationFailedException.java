package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when none of the session's contexts could be used to be allowed to use the resource at all. */
public class AuthorizationFailedException extends SagaException {
    private static final long serialVersionUID = 1L;

    public AuthorizationFailedException() {
        super(AUTHORIZATION_FAILED);
    }

    public AuthorizationFailedException(String message) {
        super(AUTHORIZATION_FAILED, message);
    }

    public AuthorizationFailedException(Throwable cause) {
        super(AUTHORIZATION_FAILED, cause);
    }

    public AuthorizationFailedException(String message, Throwable cause) {
        super(AUTHORIZATION_FAILED, message, cause);
    }

    public AuthorizationFailedException(String message, SagaObject object) {
        super(AUTHORIZATION_FAILED, message, object);
    }

    public AuthorizationFailedException(Throwable cause, SagaObject object) {
        super(AUTHORIZATION_FAILED, cause, object);
    }

    public AuthorizationFailedException(String message, Throwable cause, SagaObject object) {
        super(AUTHORIZATION_FAILED, message, cause, object);
    }
}
