package org.ogf.saga.bootstrap;

import org.ogf.saga.buffer.BufferFactory;
import org.ogf.saga.context.ContextFactory;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.stream.StreamFactory;
import org.ogf.saga.url.URLFactory;

/**
 * An implementation of SAGA, as the bootstrap sees it: it makes the factory of each package. The class is
 * named by the system property {@value ImplementationBootstrapLoader#SAGA_FACTORY} or by the factory-name
 * argument of the packages' factory methods, and needs a public no-argument constructor. A package the
 * implementation does not provide answers {@link NotImplementedException}.
 */
public interface SagaFactory {
    BufferFactory createBufferFactory() throws NotImplementedException;

    ContextFactory createContextFactory() throws NotImplementedException;

    SessionFactory createSessionFactory() throws NotImplementedException;

    StreamFactory createStreamFactory() throws NotImplementedException;

    URLFactory createURLFactory() throws NotImplementedException;
}
