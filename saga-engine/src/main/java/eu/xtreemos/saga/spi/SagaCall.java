package eu.xtreemos.saga.spi;

import org.ogf.saga.error.SagaException;

/** The body of a SAGA call, run synchronously or as a task. */
@FunctionalInterface
public interface SagaCall<E> {
    E call() throws SagaException;
}
