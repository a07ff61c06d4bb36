package eu.xtreemos.ds.bench;

import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.testbed.NamespaceTestbed;
import eu.xtreemos.ds.testbed.TestbedSpec;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the parts of the {@link Floor}: a TCP ping-pong between the donor's and the receiver's namespaces of the
 * benchmark's two-node testbed (the link the cluster's Prepare and Commit take), and the socket engine's freeze+dump
 * and restore+activate of one idle loopback connection in a scratch namespace ({@link SocketEngineBenchmark#time}).
 */
final class FloorProbe {
    /** Bytes per ping: about a Prepare of one idle connection. */
    static final int PING_BYTES = 512;

    private FloorProbe() {
    }

    /** Brings up the testbed the scenarios use (2 nodes, no daemons), measures, takes it down. */
    static Floor measure(String name, int site, int samples) throws Exception {
        Stats rtt;
        try (NamespaceTestbed tb = NamespaceTestbed.up(new TestbedSpec(name, 1, 1, site))) {
            List<String> nodes = tb.serverNodes();
            rtt = roundTrip(tb, nodes.get(0), nodes.get(1), samples);
        }
        double[][] t = SocketEngineBenchmark.time(samples, 0, 2);
        List<Double> dump = new ArrayList<>(), restore = new ArrayList<>();
        for (int i = 0; i < t[0].length; i++) {
            dump.add(t[0][i] / 1e3);
            restore.add((t[3][i] + t[4][i]) / 1e3);
        }
        return new Floor(rtt, Stats.of(dump).median(), Stats.of(restore).median());
    }

    /** Round trips, ms, of {@code samples} pings from the donor to an echo on the receiver's node address (after as many unmeasured). */
    static Stats roundTrip(NamespaceTestbed tb, String donor, String receiver, int samples) throws Exception {
        try (NetNamespace rx = NetNamespace.open(tb.ns(receiver)); NetNamespace tx = NetNamespace.open(tb.ns(donor));
             ServerSocketChannel listener = rx.call(() -> ServerSocketChannel.open()
                     .bind(new InetSocketAddress(tb.nodeAddress(receiver), 0)))) {
            InetSocketAddress at = (InetSocketAddress) listener.getLocalAddress();
            Thread echo = new Thread(() -> echo(listener), "floor-echo");
            echo.setDaemon(true);
            echo.start();
            try (SocketChannel c = tx.call(() -> SocketChannel.open(at))) {
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ByteBuffer buf = ByteBuffer.allocate(PING_BYTES);
                List<Double> ms = new ArrayList<>();
                for (int i = 0; i < 2 * samples; i++) {
                    long t0 = System.nanoTime();
                    buf.clear();
                    while (buf.hasRemaining()) {
                        c.write(buf);
                    }
                    buf.clear();
                    readFully(c, buf);
                    if (i >= samples) { // the first half warms the JIT and the path
                        ms.add((System.nanoTime() - t0) / 1e6);
                    }
                }
                return Stats.of(ms);
            } finally {
                echo.join(5000);
            }
        }
    }

    private static void echo(ServerSocketChannel listener) {
        try (SocketChannel s = listener.accept()) {
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer buf = ByteBuffer.allocate(PING_BYTES);
            while (true) {
                buf.clear();
                readFully(s, buf);
                buf.flip();
                while (buf.hasRemaining()) {
                    s.write(buf);
                }
            }
        } catch (IOException e) {
            // the pinging side closed: done
        }
    }

    private static void readFully(SocketChannel c, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (c.read(buf) < 0) {
                throw new EOFException("the other side closed after " + buf.position() + " of " + buf.capacity() + " bytes");
            }
        }
    }
}
