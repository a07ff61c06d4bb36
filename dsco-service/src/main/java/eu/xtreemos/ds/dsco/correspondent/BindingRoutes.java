package eu.xtreemos.ds.dsco.correspondent;

import java.io.IOException;
import java.net.Inet6Address;

/**
 * The correspondent's data plane: makes packets for a home address go to the care-of address that the
 * binding cache holds for it, and stops doing so when the binding goes. One implementation per kernel
 * mechanism (SRv6 here; kernel Mobile IPv6 through XFRM where the kernel has it).
 */
interface BindingRoutes extends AutoCloseable {
    void bind(Inet6Address home, Inet6Address careOf) throws IOException;

    void unbind(Inet6Address home) throws IOException;

    /** What this data plane does, for the log. */
    String describe();

    @Override
    void close();
}
