package org.ogf.saga.namespace;

import org.ogf.saga.url.URL;

/**
 * A directory of a hierarchical name space (GFD.90 section 4.2), made by {@link NSFactory}; iterates over the
 * URLs of its entries.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Only the type and its place in the binding's hierarchy are here, not its operations.
 */
public interface NSDirectory extends NSEntry, Iterable<URL> {
}
