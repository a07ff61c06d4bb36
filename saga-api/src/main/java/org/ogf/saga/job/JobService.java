package org.ogf.saga.job;

import org.ogf.saga.SagaObject;
import org.ogf.saga.task.Async;

/**
 * A resource manager that runs jobs (GFD.90 section 4.1), made by {@link JobFactory#createJobService}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Only the type and its place in the binding's hierarchy are here, not its operations.
 */
public interface JobService extends SagaObject, Async {
}
