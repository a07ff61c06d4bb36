package eu.xtreemos.ds.demo;

import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.saga.examples.StreamPattern;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * An ordinary TCP client of the demo service: several connections to the service address, each
 * sending its stream at a steady rate and checking every byte it gets back. It knows nothing of
 * handoffs; it records every pause in what it receives, and any error (a reset would be one).
 */
public final class StreamClient implements Closeable, ClientCounters {
    /** A pause in the data received on one connection. */
    public record Gap(int connection, long fromNanos, long toNanos) {
        public double millis() {
            return (toNanos - fromNanos) / 1e6;
        }
    }

    private static final long GAP_NANOS = 2_000_000;

    private final List<SocketChannel> channels = new ArrayList<>();
    private final int[] connIds;
    private final AtomicLongArray txPos;
    private final AtomicLongArray rxPos;
    private final long bytesPerSecond;
    private final ConcurrentLinkedQueue<Gap> gaps = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean writing = true;
    private volatile boolean closed;

    private StreamClient(int clientIndex, int connections, long bytesPerSecond) {
        this.connIds = new int[connections];
        this.txPos = new AtomicLongArray(connections);
        this.rxPos = new AtomicLongArray(connections);
        this.bytesPerSecond = bytesPerSecond;
        for (int k = 0; k < connections; k++) {
            connIds[k] = clientIndex * 16 + k;
        }
    }

    /** Where the client's sockets are opened: a network namespace, or this process's own. */
    private interface Opener {
        SocketChannel open(java.util.concurrent.Callable<SocketChannel> task) throws Exception;
    }

    /** Connects from inside {@code ns} and starts streaming both ways on every connection. */
    public static StreamClient start(NetNamespace ns, InetSocketAddress service, int clientIndex, int connections,
                                     long bytesPerSecond) throws Exception {
        return start(ns::call, service, clientIndex, connections, bytesPerSecond);
    }

    /** Connects from this process's own network namespace (a client host of its own, such as a VM). */
    public static StreamClient start(InetSocketAddress service, int clientIndex, int connections, long bytesPerSecond) throws Exception {
        return start(java.util.concurrent.Callable::call, service, clientIndex, connections, bytesPerSecond);
    }

    private static StreamClient start(Opener ns, InetSocketAddress service, int clientIndex, int connections,
                                      long bytesPerSecond) throws Exception {
        StreamClient c = new StreamClient(clientIndex, connections, bytesPerSecond);
        for (int k = 0; k < connections; k++) {
            int id = c.connIds[k];
            SocketChannel ch = ns.open(() -> SocketChannel.open(service));
            ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer h = ByteBuffer.allocate(4).putInt(id).flip();
            while (h.hasRemaining()) {
                ch.write(h);
            }
            c.channels.add(ch);
        }
        for (int k = 0; k < connections; k++) {
            int idx = k;
            c.threads.add(start("client-writer-" + k, () -> c.write(idx)));
            c.threads.add(start("client-reader-" + k, () -> c.read(idx)));
        }
        // One more, interactive connection: a small request every 10 ms, answered at once by the service.
        SocketChannel echo = ns.open(() -> SocketChannel.open(service));
        echo.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        ByteBuffer h = ByteBuffer.allocate(4).putInt(StreamPattern.ECHO | clientIndex).flip();
        while (h.hasRemaining()) {
            echo.write(h);
        }
        c.echo = echo;
        start("client-echo-writer", c::echoWrite);
        start("client-echo-reader", c::echoRead);
        return c;
    }

    private volatile SocketChannel echo;
    /** {sent, answered} nanoTime of every request that took more than 2 ms. */
    private final ConcurrentLinkedQueue<long[]> slowRequests = new ConcurrentLinkedQueue<>();

    private void echoWrite() {
        ByteBuffer b = ByteBuffer.allocate(8);
        try {
            while (!closed) {
                b.clear().putLong(System.nanoTime()).flip();
                while (b.hasRemaining()) {
                    echo.write(b);
                }
                LockSupport.parkNanos(10_000_000);
            }
        } catch (IOException e) {
            if (!closed) {
                errors.add("interactive connection write: " + e);
            }
        }
    }

    private void echoRead() {
        ByteBuffer b = ByteBuffer.allocate(8);
        try {
            while (!closed) {
                b.clear();
                while (b.hasRemaining()) {
                    if (echo.read(b) < 0) {
                        errors.add("interactive connection: the server closed it");
                        return;
                    }
                }
                long sent = b.flip().getLong();
                long now = System.nanoTime();
                if (now - sent > GAP_NANOS) {
                    slowRequests.add(new long[] {sent, now});
                }
            }
        } catch (IOException e) {
            if (!closed) {
                errors.add("interactive connection read: " + e);
            }
        }
    }

    /** The longest answer time of an interactive request sent in [from, to] (nanoTime), in ms; 0 if none over 2 ms. */
    public double worstRequestMillis(long from, long to) {
        double worst = 0;
        for (long[] r : slowRequests) {
            if (r[0] >= from && r[0] <= to) {
                worst = Math.max(worst, (r[1] - r[0]) / 1e6);
            }
        }
        return worst;
    }

    private static Thread start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void write(int k) {
        SocketChannel ch = channels.get(k);
        ByteBuffer b = ByteBuffer.allocate(8192);
        long start = System.nanoTime();
        try {
            while (writing && !closed) {
                long allowed = (long) ((System.nanoTime() - start) / 1e9 * bytesPerSecond) - txPos.get(k);
                if (allowed < b.capacity() / 4) {
                    LockSupport.parkNanos(1_000_000);
                    continue;
                }
                b.clear().limit((int) Math.min(allowed, b.capacity()));
                StreamPattern.fill(b, StreamPattern.upstream(connIds[k]), txPos.get(k));
                b.flip();
                while (b.hasRemaining()) {
                    txPos.addAndGet(k, ch.write(b));
                }
            }
        } catch (IOException e) {
            if (!closed) {
                errors.add("connection " + connIds[k] + " write: " + e);
            }
        }
    }

    private void read(int k) {
        SocketChannel ch = channels.get(k);
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        long last = System.nanoTime();
        try {
            while (!closed) {
                b.clear();
                int n = ch.read(b);
                if (n < 0) {
                    errors.add("connection " + connIds[k] + ": the server closed it");
                    return;
                }
                long now = System.nanoTime();
                if (now - last > GAP_NANOS) {
                    gaps.add(new Gap(k, last, now));
                }
                last = now;
                int bad = StreamPattern.firstMismatch(b, n, StreamPattern.downstream(connIds[k]), rxPos.get(k));
                if (bad >= 0) {
                    errors.add("connection " + connIds[k] + ": wrong byte from the server at position " + (rxPos.get(k) + bad));
                }
                rxPos.addAndGet(k, n);
            }
        } catch (IOException e) {
            if (!closed) {
                errors.add("connection " + connIds[k] + " read: " + e); // "Connection reset by peer" lands here
            }
        }
    }

    /** The largest pause on any connection that overlaps [from, to] (nanoTime), in ms; 0 if none over 2 ms. */
    public double worstGapMillis(long from, long to) {
        double worst = 0;
        for (Gap g : gaps) {
            if (g.toNanos() >= from && g.fromNanos() <= to) {
                worst = Math.max(worst, g.millis());
            }
        }
        return worst;
    }

    /** Segments the client's TCP retransmitted so far, over all its connections (lost or dropped on the way). */
    public long retransmits() {
        long n = 0;
        for (SocketChannel ch : channels) {
            n += eu.xtreemos.ds.tcp.SocketEngine.totalRetransmits(eu.xtreemos.ds.tcp.ChannelSocket.fdOf(ch));
        }
        if (echo != null) {
            n += eu.xtreemos.ds.tcp.SocketEngine.totalRetransmits(eu.xtreemos.ds.tcp.ChannelSocket.fdOf(echo));
        }
        return n;
    }

    /** The client's ports of all its connections: the streaming ones, then the interactive one. */
    public List<Integer> localPorts() throws IOException {
        List<Integer> ports = new ArrayList<>();
        for (SocketChannel ch : channels) {
            ports.add(((InetSocketAddress) ch.getLocalAddress()).getPort());
        }
        ports.add(((InetSocketAddress) echo.getLocalAddress()).getPort());
        return ports;
    }

    @Override
    public int connections() {
        return connIds.length;
    }

    @Override
    public int connId(int k) {
        return connIds[k];
    }

    @Override
    public long sent(int k) {
        return txPos.get(k);
    }

    @Override
    public long received(int k) {
        return rxPos.get(k);
    }

    @Override
    public void stopWriting() throws InterruptedException {
        writing = false;
        for (int k = 0; k < connIds.length; k++) {
            threads.get(2 * k).join(5000);
        }
    }

    @Override
    public List<String> errors() {
        return new ArrayList<>(errors);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        for (SocketChannel ch : channels) {
            ch.close();
        }
        if (echo != null) {
            echo.close();
        }
    }
}
