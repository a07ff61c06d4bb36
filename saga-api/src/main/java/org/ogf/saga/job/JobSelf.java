package org.ogf.saga.job;

import org.ogf.saga.monitoring.AsyncSteerable;

/**
 * The job of the application itself (GFD.90 section 4.1), steerable through its own metrics.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public interface JobSelf extends Job, AsyncSteerable<JobSelf> {

}
