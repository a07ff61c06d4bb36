package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when none of the session's contexts could be used to be allowed to use the resource at all. */
public class AuthorizationFailedException extends SagaException {
    private static final long serialVersionUID = 1L;

    public AuthorizationFailedException() {
        super();
    }

    public AuthorizationFailedException(String message) {
        super(message);
    }

    public AuthorizationFailedException(Throwable cause) {
        super(cause);
    }

    public AuthorizationFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    public AuthorizationFailedException(String message, SagaObject object) {
        super(message, object);
    }

    public AuthorizationFailedException(Throwable cause, SagaObject object) {
        super(cause, object);
    }

    public AuthorizationFailedException(String message, Throwable cause, SagaObject object) {
        super(message, cause, object);
    }

    @Override
    protected int specificity() {
        return 7;
    }
}
