package eu.xtreemos.ds.nft;

import eu.xtreemos.ds.probe.Capability;
import eu.xtreemos.ds.probe.RequiresKernel;
import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The nft data plane between two namespaces, a client and a node joined by a veth pair: the node serves on the
 * home address (on its loopback), which the client can only reach along the binding — its route for it points at
 * a router that does not exist. With the binding, a connection to the home address carries a megabyte each way
 * and both ends see only the home address; without it, the connection attempt never reaches the node.
 */
@RequiresKernel(Capability.NFT_REWRITE)
@Timeout(60)
class AddressRewritingTest {
    private static final String HOME = "fd00:d5:7f:5::1";
    private static final String CLIENT = "fd00:d5:7f:1::1";
    private static final String NODE = "fd00:d5:7f:1::2";

    @Test
    void aConnectionToTheHomeAddressTravelsToTheCareOfAddressAndBack() throws Exception {
        try (ScratchNamespace client = new ScratchNamespace("nftc"); ScratchNamespace node = new ScratchNamespace("nftn")) {
            assertEquals(0, ScratchNamespace.sh("ip", "link", "add", "rwc", "netns", client.name, "type", "veth", "peer", "name", "rwn",
                    "netns", node.name));
            assertEquals(0, client.exec("ip", "link", "set", "rwc", "up"));
            assertEquals(0, node.exec("ip", "link", "set", "rwn", "up"));
            assertEquals(0, client.exec("ip", "-6", "addr", "add", CLIENT + "/64", "dev", "rwc", "nodad"));
            assertEquals(0, node.exec("ip", "-6", "addr", "add", NODE + "/64", "dev", "rwn", "nodad"));
            assertEquals(0, node.exec("ip", "-6", "addr", "add", HOME + "/128", "dev", "lo", "nodad"));
            // the home path: a router that is not there, so only the binding reaches the node
            assertEquals(0, client.exec("ip", "-6", "route", "add", HOME + "/128", "via", "fd00:d5:7f:1::99", "dev", "rwc"));
            assertEquals(0, node.exec("ip", "-6", "route", "add", CLIENT + "/128", "dev", "rwn"));
            Inet6Address home = v6(HOME), careOf = v6(NODE), clientAddress = v6(CLIENT);

            ServerSocket server = node.ns.call(() -> {
                ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress(home, 0));
                return s;
            });
            int port = server.getLocalPort();
            try (server) {
                // no binding: the SYN goes to the absent router and the connection times out
                Exception unbound = assertThrows(Exception.class, () -> client.ns.call(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(home, port), 1500);
                    }
                    return null;
                }));
                assertTrue(unbound.getMessage().contains("timed out") || unbound.getMessage().contains("unreachable"), unbound.toString());

                AddressRewriting n = node.ns.call(AddressRewriting::node);
                AddressRewriting c = client.ns.call(() -> AddressRewriting.client(0xd5));
                try {
                    node.ns.call(() -> {
                        n.receiveAlong(home, careOf, clientAddress);
                        n.sendAlong(home, careOf, clientAddress);
                        return null;
                    });
                    client.ns.call(() -> c.bind(home, careOf));

                    byte[] up = random(1 << 20, 1), down = random(1 << 20, 2);
                    CompletableFuture<byte[]> served = CompletableFuture.supplyAsync(() -> {
                        try (Socket s = server.accept()) {
                            assertEquals(clientAddress, s.getInetAddress(), "the node sees the client");
                            assertEquals(home, s.getLocalAddress(), "the node's socket is the home address's");
                            OutputStream out = s.getOutputStream();
                            CompletableFuture<Void> send = CompletableFuture.runAsync(() -> write(out, down, s));
                            byte[] got = s.getInputStream().readNBytes(up.length);
                            send.join();
                            return got;
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    Socket s = client.ns.call(() -> {
                        Socket x = new Socket();
                        x.connect(new InetSocketAddress(home, port), 5000);
                        return x;
                    });
                    try (s) {
                        s.setSoTimeout(20_000);
                        assertEquals(home, s.getInetAddress(), "the client's socket sees the home address");
                        OutputStream clientOut = s.getOutputStream();
                        CompletableFuture<Void> send = CompletableFuture.runAsync(() -> write(clientOut, up, s));
                        InputStream in = s.getInputStream();
                        byte[] got = in.readNBytes(down.length);
                        send.get(20, TimeUnit.SECONDS);
                        assertArrayEquals(down, got, "every byte from the node, in order");
                        assertArrayEquals(up, served.get(20, TimeUnit.SECONDS), "every byte from the client, in order");
                    }
                } finally { // nft works in the calling thread's namespace
                    node.ns.call(() -> {
                        n.close();
                        return null;
                    });
                    client.ns.call(() -> {
                        c.close();
                        return null;
                    });
                }
            }
        }
    }

    private static void write(OutputStream out, byte[] data, Socket s) {
        try {
            out.write(data);
            out.flush();
        } catch (Exception e) {
            throw new IllegalStateException("writing to " + s + ": " + e, e);
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static Inet6Address v6(String s) throws Exception {
        return (Inet6Address) InetAddress.getByName(s);
    }

    @Test
    void aNodeRestartKeepsTheBindingsItWasCarrying() throws Exception {
        try (ScratchNamespace node = new ScratchNamespace("nftk")) {
            Inet6Address home = v6(HOME), careOf = v6(NODE), client = v6(CLIENT);
            node.ns.call(() -> {
                AddressRewriting first = AddressRewriting.node();
                first.receiveAlong(home, careOf, client);
                first.sendAlong(home, careOf, client);
                AddressRewriting again = AddressRewriting.node(); // a restarted dsco
                String listing = new String(new ProcessBuilder("nft", "list", "table", "ip6", AddressRewriting.NODE_TABLE)
                        .redirectErrorStream(true).start().getInputStream().readAllBytes());
                assertTrue(listing.contains("fd00:d5:7f:1::1 . fd00:d5:7f:1::2 : fd00:d5:7f:5::1"), listing);
                assertEquals(1, Arrays.stream(listing.split("\n")).filter(l -> l.contains("map @in_home")).count(), "rules not doubled:\n" + listing);
                again.drop(home, careOf, client); // the restarted dsco knows the elements it found
                String after = new String(new ProcessBuilder("nft", "list", "table", "ip6", AddressRewriting.NODE_TABLE)
                        .redirectErrorStream(true).start().getInputStream().readAllBytes());
                assertFalse(after.contains("fd00:d5:7f:5::1"), after);
                return null;
            });
        }
    }
}
