package org.ogf.saga.file;

import org.ogf.saga.namespace.NSEntry;

/**
 * A file (GFD.90 section 4.3), made by {@link FileFactory}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Only the type and its place in the binding's hierarchy are here, not its operations.
 */
public interface File extends NSEntry {
}
