package org.ogf.saga.logicalfile;

import org.ogf.saga.attributes.AsyncAttributes;
import org.ogf.saga.namespace.NSDirectory;

/**
 * A directory of a replica catalogue (GFD.90 section 4.4), made by {@link LogicalFileFactory}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Only the type and its place in the binding's hierarchy are here, not its operations.
 */
public interface LogicalDirectory extends NSDirectory, AsyncAttributes<LogicalDirectory> {
}
