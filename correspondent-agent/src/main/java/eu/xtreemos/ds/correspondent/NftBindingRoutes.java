package eu.xtreemos.ds.correspondent;

import eu.xtreemos.ds.mobility.MhSocket;
import eu.xtreemos.ds.nft.AddressRewriting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet6Address;

/**
 * Bindings as address rewriting in nftables ({@link AddressRewriting}): the host's packets to a home address go to
 * its care-of address, and the care-of address's packets come back as the home address's, for kernels with neither
 * Mobile IPv6 nor SRv6. Home Tests are sent on a marked socket, which the rewriting leaves alone. The table is the
 * agent's: replaced on start, removed on close.
 */
final class NftBindingRoutes implements BindingRoutes {
    private static final Logger log = LoggerFactory.getLogger(NftBindingRoutes.class);

    private final AddressRewriting rewriting;
    private final int mark;

    NftBindingRoutes(int mark) throws IOException {
        this.mark = mark;
        this.rewriting = AddressRewriting.client(mark);
    }

    @Override
    public void homePath(MhSocket socket) throws IOException {
        socket.setMark(mark);
    }

    @Override
    public void bind(Inet6Address home, Inet6Address careOf) throws IOException {
        Inet6Address replaced = rewriting.bind(home, careOf);
        if (replaced != null) {
            log.warn("{} serves both {} and {}: its answers now read as {} (the nft data plane keeps one home per care-of address)",
                    careOf.getHostAddress(), replaced.getHostAddress(), home.getHostAddress(), home.getHostAddress());
        }
    }

    @Override
    public void unbind(Inet6Address home) throws IOException {
        rewriting.unbind(home);
    }

    @Override
    public String describe() {
        return "nft (bindings as address rewriting in table " + rewriting.tableName() + "; Home Tests: mark 0x" + Integer.toHexString(mark) + ")";
    }

    @Override
    public void close() {
        try {
            rewriting.close();
        } catch (IOException e) {
            log.warn("removing nft table {}: {}", rewriting.tableName(), e.getMessage());
        }
    }
}
