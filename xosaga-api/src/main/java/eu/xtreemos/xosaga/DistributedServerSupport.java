package eu.xtreemos.xosaga;

import org.ogf.saga.stream.StreamFactory;

/**
 * Implemented by the {@link StreamFactory} of a SAGA implementation that provides the XOSAGA Distributed Servers
 * extension: {@link DistributedServerFactory} finds the implementation through the SAGA bootstrap (the same
 * factory name, {@code saga.factory} property and provider as every SAGA factory) and asks its stream factory for
 * this. An implementation whose stream factory does not implement it has no Distributed Servers support.
 */
public interface DistributedServerSupport {
    /** The implementation's factory of distributed servers. */
    DistributedServerFactory getDistributedServerFactory();
}
