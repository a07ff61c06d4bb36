package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when the identity used may not do this operation, though it may use the resource. */
public class PermissionDeniedException extends SagaException {
    private static final long serialVersionUID = 1L;

    public PermissionDeniedException() {
        super(PERMISSION_DENIED);
    }

    public PermissionDeniedException(String message) {
        super(PERMISSION_DENIED, message);
    }

    public PermissionDeniedException(Throwable cause) {
        super(PERMISSION_DENIED, cause);
    }

    public PermissionDeniedException(String message, Throwable cause) {
        super(PERMISSION_DENIED, message, cause);
    }

    public PermissionDeniedException(String message, SagaObject object) {
        super(PERMISSION_DENIED, message, object);
    }

    public PermissionDeniedException(Throwable cause, SagaObject object) {
        super(PERMISSION_DENIED, cause, object);
    }

    public PermissionDeniedException(String message, Throwable cause, SagaObject object) {
        super(PERMISSION_DENIED, message, cause, object);
    }
}
