package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when the URL given cannot be handled (bad syntax, or no adaptor for its scheme). */
public class IncorrectURLException extends SagaException {
    private static final long serialVersionUID = 1L;

    public IncorrectURLException() {
        super();
    }

    public IncorrectURLException(String message) {
        super(message);
    }

    public IncorrectURLException(Throwable cause) {
        super(cause);
    }

    public IncorrectURLException(String message, Throwable cause) {
        super(message, cause);
    }

    public IncorrectURLException(String message, SagaObject object) {
        super(message, object);
    }

    public IncorrectURLException(Throwable cause, SagaObject object) {
        super(cause, object);
    }

    public IncorrectURLException(String message, Throwable cause, SagaObject object) {
        super(message, cause, object);
    }

    @Override
    protected int specificity() {
        return 1;
    }
}
