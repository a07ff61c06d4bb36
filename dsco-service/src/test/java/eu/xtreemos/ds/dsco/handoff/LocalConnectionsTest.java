package eu.xtreemos.ds.dsco.handoff;

import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class LocalConnectionsTest {

    @Test
    void parsesProcAddressesOfBothFamilies() throws Exception {
        LocalConnections.Endpoint v4 = LocalConnections.parse("0100007F:1F90");
        assertEquals(InetAddress.getByName("127.0.0.1"), v4.address());
        assertEquals(8080, v4.port());
        LocalConnections.Endpoint v6 = LocalConnections.parse("00000000000000000000000001000000:1B58");
        assertEquals(InetAddress.getByName("::1"), v6.address());
        assertEquals(7000, v6.port());
        assertNull(LocalConnections.parse("garbage"));
        assertNull(LocalConnections.parse("ZZ00007F:1F90"));
    }

    @Test
    void findsTheClientsOfAServiceInItsNamespace() throws Exception {
        try (ScratchNamespace s = new ScratchNamespace("dslc")) {
            InetAddress lo = InetAddress.getByName("::1");
            Map<InetAddress, Integer> found = s.ns.call(() -> {
                try (ServerSocketChannel l = ServerSocketChannel.open().bind(new InetSocketAddress(lo, 7000));
                     SocketChannel a = SocketChannel.open(new InetSocketAddress(lo, 7000));
                     SocketChannel b = SocketChannel.open(new InetSocketAddress(lo, 7000));
                     SocketChannel a1 = l.accept(); SocketChannel b1 = l.accept()) {
                    return LocalConnections.clients(List.of(lo), List.of(7000));
                }
            });
            assertEquals(Map.of(lo, 2), found);
            assertEquals(Map.of(), s.ns.call(() -> LocalConnections.clients(List.of(lo), List.of(7001))));
        }
    }
}
