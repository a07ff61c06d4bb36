package org.ogf.saga.job;

import org.ogf.saga.SagaObject;
import org.ogf.saga.attributes.Attributes;

/**
 * What a job is to run, as attributes (GFD.90 section 4.1), made by {@link JobFactory#createJobDescription}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Only the type and its place in the binding's hierarchy are here, not its operations.
 */
public interface JobDescription extends SagaObject, Attributes {
}
