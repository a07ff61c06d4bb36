package eu.xtreemos.saga.engine;

import eu.xtreemos.saga.spi.StreamAdaptor;
import eu.xtreemos.xosaga.DistributedServerFactory;
import eu.xtreemos.xosaga.DistributedServerSupport;
import org.ogf.saga.stream.StreamFactory;

import java.util.List;

/**
 * The engine's stream factory with the XOSAGA extension: {@link DistributedServerFactory} finds the engine's
 * factory of distributed servers through it. Made only when the XOSAGA API is on the class path
 * ({@link EngineSagaFactory#createStreamFactory}).
 */
final class XosagaStreamFactory extends EngineStreamFactory implements DistributedServerSupport {
    private final EngineDistributedServerFactory distributedServers = new EngineDistributedServerFactory(this);

    private XosagaStreamFactory(List<StreamAdaptor> adaptors) {
        super(adaptors);
    }

    /** Typed as a plain StreamFactory, so that code calling this does not need the XOSAGA classes to load. */
    static StreamFactory create(List<StreamAdaptor> adaptors) {
        return new XosagaStreamFactory(adaptors);
    }

    @Override
    public DistributedServerFactory getDistributedServerFactory() {
        return distributedServers;
    }
}
