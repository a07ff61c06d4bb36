package eu.xtreemos.ds.correspondent;

import eu.xtreemos.ds.mobility.MhSocket;

import java.io.IOException;
import java.net.Inet6Address;

/**
 * The correspondent's data plane: makes packets for a home address go to the care-of address that the
 * binding cache holds for it, and stops doing so when the binding goes. One implementation per kernel
 * mechanism: SRv6 routes ({@link Srv6BindingRoutes}), kernel Mobile IPv6 through XFRM ({@link XfrmBindingRoutes}).
 */
interface BindingRoutes extends AutoCloseable {
    /**
     * Makes {@code socket}'s packets take the home path whatever binding this host holds: Home Tests prove that
     * the home address is reachable the normal way (RFC 6275 §5.2.5), so they must not follow a binding.
     */
    void homePath(MhSocket socket) throws IOException;

    void bind(Inet6Address home, Inet6Address careOf) throws IOException;

    void unbind(Inet6Address home) throws IOException;

    /** What this data plane does, for the log. */
    String describe();

    @Override
    void close();
}
