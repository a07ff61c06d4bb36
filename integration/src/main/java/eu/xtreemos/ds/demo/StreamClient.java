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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * An ordinary TCP client of the demo service: several connections to the service address, each
 * sending its stream at a steady rate and checking every byte it gets back, and an interactive connection
 * sending a numbered request every 10 ms and checking every answer. It knows nothing of handoffs; it records
 * every pause in what it receives, and any error (a reset would be one).
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
        // One more, interactive connection: a numbered request every 10 ms, answered at once by the service.
        SocketChannel echo = ns.open(() -> SocketChannel.open(service));
        echo.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        ByteBuffer h = ByteBuffer.allocate(4).putInt(StreamPattern.ECHO | clientIndex).flip();
        while (h.hasRemaining()) {
            echo.write(h);
        }
        c.echo = echo;
        c.echoWriter = start("client-echo-writer", c::echoWrite);
        start("client-echo-reader", c::echoRead);
        return c;
    }

    private volatile SocketChannel echo;
    private Thread echoWriter;
    /** {sent, answered} nanoTime of every request that took more than 2 ms. */
    private final ConcurrentLinkedQueue<long[]> slowRequests = new ConcurrentLinkedQueue<>();
    /** {number, sent nanoTime} of every request not answered yet, oldest first. */
    private final ConcurrentLinkedQueue<long[]> outstanding = new ConcurrentLinkedQueue<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong answers = new AtomicLong();

    /** Sends request 1, 2, 3 … every 10 ms until the writers stop. */
    private void echoWrite() {
        ByteBuffer b = ByteBuffer.allocate(StreamPattern.REQUEST_BYTES);
        try {
            for (long n = 1; writing && !closed; n++) {
                outstanding.add(new long[] {n, System.nanoTime()}); // before the request: its answer may come at once
                b.clear().putLong(n).flip();
                while (b.hasRemaining()) {
                    echo.write(b);
                }
                requests.set(n);
                LockSupport.parkNanos(10_000_000);
            }
        } catch (IOException e) {
            if (!closed) {
                errors.add("interactive connection write: " + e);
            }
        }
    }

    /**
     * Checks every answer against the oldest request not answered yet: TCP keeps them in order, so an answer that
     * is not that request's was lost, repeated or wrong, and each such answer is an error.
     */
    private void echoRead() {
        ByteBuffer b = ByteBuffer.allocate(StreamPattern.REQUEST_BYTES);
        try {
            while (!closed) {
                b.clear();
                while (b.hasRemaining()) {
                    if (echo.read(b) < 0) {
                        errors.add("interactive connection: the server closed it");
                        return;
                    }
                }
                long got = b.flip().getLong();
                long now = System.nanoTime();
                long[] due = outstanding.peek();
                if (due == null) {
                    interactiveError("interactive connection: an answer (" + got + ") with no request outstanding, after "
                            + answers.get() + " answers");
                    continue;
                }
                long[] answered = null;
                for (long[] r : outstanding) {
                    if (StreamPattern.answer(r[0]) == got) {
                        answered = r;
                        break;
                    }
                }
                if (answered == null) {
                    outstanding.poll();
                    interactiveError("interactive connection: answer " + got + " to request " + due[0] + ", expected "
                            + StreamPattern.answer(due[0]));
                    continue;
                }
                if (answered != due) {
                    interactiveError("interactive connection: no answer to request" + (answered[0] - 1 > due[0]
                            ? "s " + due[0] + " to " + (answered[0] - 1) : " " + due[0]) + " (the next answer was request " + answered[0] + "'s)");
                }
                while (outstanding.poll() != answered) {
                    // the requests passed over, reported above
                }
                answers.incrementAndGet();
                if (now - answered[1] > GAP_NANOS) {
                    slowRequests.add(new long[] {answered[1], now});
                }
            }
        } catch (IOException e) {
            if (!closed) {
                errors.add("interactive connection read: " + e);
            }
        }
    }

    private int interactiveErrors;

    /** The first few wrong answers, each an error; then one line saying there were more (the counts tell how many). */
    private void interactiveError(String e) {
        if (++interactiveErrors <= 10) {
            errors.add(e);
        } else if (interactiveErrors == 11) {
            errors.add("interactive connection: more wrong answers, not listed");
        }
    }

    /** Requests sent so far on the interactive connection. */
    @Override
    public long interactiveRequests() {
        return requests.get();
    }

    /** Right answers received so far on the interactive connection, each to the oldest request still open. */
    @Override
    public long interactiveAnswers() {
        return answers.get();
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

    /** Stops the writers, the interactive connection's too, and waits until they have stopped. */
    @Override
    public void stopWriting() throws InterruptedException {
        writing = false;
        for (int k = 0; k < connIds.length; k++) {
            threads.get(2 * k).join(5000);
        }
        echoWriter.join(5000);
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
