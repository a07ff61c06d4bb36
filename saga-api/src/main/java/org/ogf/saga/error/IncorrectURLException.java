package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when the URL given cannot be handled (bad syntax, or no adaptor for its scheme). */
public class IncorrectURLException extends SagaException {
    private static final long serialVersionUID = 1L;

    public IncorrectURLException() {
        super(INCORRECT_URL);
    }

    public IncorrectURLException(String message) {
        super(INCORRECT_URL, message);
    }

    public IncorrectURLException(Throwable cause) {
        super(INCORRECT_URL, cause);
    }

    public IncorrectURLException(String message, Throwable cause) {
        super(INCORRECT_URL, message, cause);
    }

    public IncorrectURLException(String message, SagaObject object) {
        super(INCORRECT_URL, message, object);
    }

    public IncorrectURLException(Throwable cause, SagaObject object) {
        super(INCORRECT_URL, cause, object);
    }

    public IncorrectURLException(String message, Throwable cause, SagaObject object) {
        super(INCORRECT_URL, message, cause, object);
    }
}
