package eu.xtreemos.ds.dsco.ro;

import eu.xtreemos.ds.nft.AddressRewriting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet6Address;

/**
 * Route optimization by stateless address rewriting in nftables ({@link AddressRewriting}), for kernels with
 * neither Mobile IPv6 nor SRv6: the client's packets to this node's address are delivered to the service address
 * from the moment the binding is announced ({@link #receiveAlong}), and this node's answers from the service
 * address leave from its own address once the client holds the binding ({@link #sendAlong}). The client's
 * correspondent agent runs the same data plane ({@code --backend nft}). The care-of address is always this node's
 * own address, so a binding is named by its home address and client alone.
 */
final class NftNodeDataPlane implements NodeDataPlane {
    private static final Logger log = LoggerFactory.getLogger(NftNodeDataPlane.class);

    private final Inet6Address careOf;
    private AddressRewriting rewriting;

    NftNodeDataPlane(Inet6Address nodeAddress) {
        this.careOf = nodeAddress;
    }

    @Override
    public void enable() throws IOException {
        try {
            rewriting = AddressRewriting.node();
        } catch (IOException e) {
            throw new IOException("ro.backend=nft: " + e.getMessage(), e);
        }
        log.debug("nft table {} loaded", rewriting.tableName());
    }

    @Override
    public void receiveAlong(Inet6Address home, Inet6Address careOf, Inet6Address client) throws IOException {
        rewriting.receiveAlong(home, careOf, client);
    }

    @Override
    public void sendAlong(Inet6Address home, Inet6Address careOf, Inet6Address client) throws IOException {
        rewriting.sendAlong(home, careOf, client);
    }

    @Override
    public void drop(Inet6Address home, Inet6Address client) throws IOException {
        rewriting.drop(home, careOf, client);
    }

    @Override
    public String name() {
        return "nft";
    }
}
