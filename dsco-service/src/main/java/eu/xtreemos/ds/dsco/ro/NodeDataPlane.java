package eu.xtreemos.ds.dsco.ro;

import eu.xtreemos.ds.dsco.config.DscoConfig;

import java.io.IOException;

/**
 * The serving node's part of a route-optimization data plane: whatever its kernel must do so that a
 * client's packets sent along a binding (to this node's own address, carrying the service address)
 * reach the sockets bound to the service address.
 */
interface NodeDataPlane {
    /** Makes this node ready to receive along bindings; throws naming what the kernel lacks. */
    void enable() throws IOException;

    String name();

    static NodeDataPlane of(DscoConfig.RouteOptimization.Backend backend) {
        return switch (backend) {
            case SRV6 -> new Srv6NodeDataPlane();
            case XFRM -> new XfrmNodeDataPlane();
        };
    }
}
