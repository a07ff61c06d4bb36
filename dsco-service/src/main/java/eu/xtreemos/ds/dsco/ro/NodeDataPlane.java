package eu.xtreemos.ds.dsco.ro;

import eu.xtreemos.ds.dsco.config.DscoConfig;

import java.io.IOException;
import java.net.Inet6Address;

/**
 * The serving node's part of a route-optimization data plane: whatever its kernel must do so that a
 * client's packets sent along a binding (to this node's own address, carrying the service address)
 * reach the sockets bound to the service address, and — where the data plane has one — so that the node's
 * answers travel along the binding too. The per-binding steps are called by {@link RouteOptimizer} in this
 * order: {@link #receiveAlong} before the Binding Update, {@link #sendAlong} once it is acknowledged,
 * {@link #drop} when the client's binding goes to another node (or the update failed).
 */
interface NodeDataPlane extends AutoCloseable {
    /** Makes this node ready to receive along bindings; throws naming what the kernel lacks. */
    void enable() throws IOException;

    String name();

    /** Before the Binding Update: the client's packets along the new binding must be accepted here. */
    default void receiveAlong(Inet6Address home, Inet6Address careOf, Inet6Address client) throws IOException {
    }

    /** The client acknowledged the binding: this node's packets from {@code home} to it may use it now. */
    default void sendAlong(Inet6Address home, Inet6Address careOf, Inet6Address client) throws IOException {
    }

    /** The binding is no longer this node's: undo {@link #receiveAlong} and {@link #sendAlong}. */
    default void drop(Inet6Address home, Inet6Address client) throws IOException {
    }

    /** Leaves what bindings installed in the kernel: connections served here keep working until their bindings lapse. */
    @Override
    default void close() {
    }

    /** The data plane {@code ro.backend} names, or for {@code auto} the first this kernel has ({@link DataPlaneChoice}). */
    static NodeDataPlane of(DscoConfig config) throws IOException {
        return switch (DataPlaneChoice.choose(config.routeOptimization().backend(), "ro.backend")) {
            case SRV6 -> new Srv6NodeDataPlane();
            case XFRM -> new XfrmNodeDataPlane(config.services().stream().map(s -> (Inet6Address) s.address()).toList());
            case NFT -> new NftNodeDataPlane((Inet6Address) config.nodeAddress());
            case AUTO -> throw new IllegalStateException("auto is resolved by DataPlaneChoice");
        };
    }
}
