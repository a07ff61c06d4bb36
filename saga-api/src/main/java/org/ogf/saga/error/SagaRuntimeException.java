package org.ogf.saga.error;

/** An unexpected failure inside the implementation, where the binding allows no checked exception. */
public class SagaRuntimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SagaRuntimeException(String message) {
        super(message);
    }

    public SagaRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }

    public SagaRuntimeException(Throwable cause) {
        super(cause);
    }
}
