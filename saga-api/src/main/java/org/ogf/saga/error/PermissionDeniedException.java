package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when the identity used may not do this operation, though it may use the resource. */
public class PermissionDeniedException extends SagaException {
    private static final long serialVersionUID = 1L;

    public PermissionDeniedException() {
        super();
    }

    public PermissionDeniedException(String message) {
        super(message);
    }

    public PermissionDeniedException(Throwable cause) {
        super(cause);
    }

    public PermissionDeniedException(String message, Throwable cause) {
        super(message, cause);
    }

    public PermissionDeniedException(String message, SagaObject object) {
        super(message, object);
    }

    public PermissionDeniedException(Throwable cause, SagaObject object) {
        super(cause, object);
    }

    public PermissionDeniedException(String message, Throwable cause, SagaObject object) {
        super(message, cause, object);
    }

    @Override
    protected int specificity() {
        return 6;
    }
}
