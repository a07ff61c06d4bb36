package eu.xtreemos.saga.engine;

import org.ogf.saga.bootstrap.SagaFactory;
import org.ogf.saga.buffer.BufferFactory;
import org.ogf.saga.context.ContextFactory;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.stream.StreamFactory;
import org.ogf.saga.url.URLFactory;

/**
 * This distribution's SAGA implementation, the bootstrap's default: sessions, contexts, URLs and buffers
 * are implemented here; streams go to the {@link eu.xtreemos.saga.spi.StreamAdaptor}s found on the class path.
 */
public final class EngineSagaFactory implements SagaFactory {
    @Override
    public BufferFactory createBufferFactory() {
        return new EngineBufferFactory();
    }

    @Override
    public ContextFactory createContextFactory() {
        return new EngineContextFactory();
    }

    @Override
    public SessionFactory createSessionFactory() {
        return new EngineSessionFactory();
    }

    @Override
    public StreamFactory createStreamFactory() {
        return new EngineStreamFactory(StreamAdaptors.load());
    }

    @Override
    public URLFactory createURLFactory() {
        return new EngineURLFactory();
    }
}
