package eu.xtreemos.ds.demo;

import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.saga.examples.StreamPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The demo's stateful service on one node: for each connection it checks the client's byte stream and
 * sends its own at a steady rate, remembering how far each went. That state moves with the client in a
 * handoff (the application-state blob), next to the kernel's socket state.
 *
 * <p>One event-loop thread per node, inside the node's namespace; everything else talks to it through
 * tasks.
 */
public final class StreamService implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(StreamService.class);
    private static final int CHUNK = 16 * 1024;

    /** One connection's application state. */
    static final class Conn {
        final SocketChannel ch;
        int connId = -1;
        final ByteBuffer header = ByteBuffer.allocate(4);
        /** Bytes received and sent; on an interactive connection, the last request's number and answers sent. */
        long rxPos;
        long txPos;
        /** An interactive connection's request so far, and how many of its bytes have come. */
        long request;
        int requestBytes;
        /** nanoTime of the last data read; carried in a handoff, so the receiver can time the pause. */
        long lastRead;
        /** Set on adoption: the next read closes an upstream pause that spans the handoff. */
        boolean adopted;
        double credit;

        Conn(SocketChannel ch) {
            this.ch = ch;
        }
    }

    /** A client taken out of the loop for a handoff: its channels and its state, in the same order. */
    public record Detached(InetAddress client, List<SocketChannel> channels, byte[] appState, List<Conn> conns) {
    }

    private final String node;
    private final long bytesPerSecond;
    private final Selector selector;
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Map<Integer, long[]> positions = new ConcurrentHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<long[]> upstreamGaps = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean writing = true;
    private volatile boolean running = true;
    private long lastTick = System.nanoTime();

    private StreamService(String node, long bytesPerSecond, List<InetSocketAddress> listen) throws IOException {
        this.node = node;
        this.bytesPerSecond = bytesPerSecond;
        this.selector = Selector.open();
        for (InetSocketAddress a : listen) {
            ServerSocketChannel l = ServerSocketChannel.open();
            l.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            l.bind(a, 4096); // many clients may connect at once (benchmarks: thousands)
            l.configureBlocking(false);
            l.register(selector, SelectionKey.OP_ACCEPT, l);
            listeners.add(l);
        }
    }

    /** Starts the service in {@code ns}, listening on {@code listen}. */
    public static StreamService start(String node, NetNamespace ns, InetSocketAddress listen, long bytesPerSecond) throws Exception {
        StreamService s = ns.call(() -> new StreamService(node, bytesPerSecond, List.of(listen)));
        ns.start("service-" + node, s::loop);
        return s;
    }

    /** Starts the service in this process's own network namespace, listening on every given address. */
    public static StreamService start(String node, List<InetSocketAddress> listen, long bytesPerSecond) throws IOException {
        StreamService s = new StreamService(node, bytesPerSecond, listen);
        Thread t = new Thread(s::loop, "service-" + node);
        t.setDaemon(true);
        t.start();
        return s;
    }

    public String node() {
        return node;
    }

    private void loop() {
        try {
            while (running) {
                selector.select(1);
                for (Runnable r; (r = tasks.poll()) != null; ) {
                    r.run();
                }
                for (SelectionKey k : selector.selectedKeys()) {
                    if (!k.isValid()) {
                        continue;
                    }
                    if (k.isAcceptable()) {
                        accept((ServerSocketChannel) k.attachment());
                    } else if (k.isReadable()) {
                        read(k);
                    }
                }
                selector.selectedKeys().clear();
                tick();
            }
        } catch (IOException | RuntimeException e) {
            error("event loop failed: " + e);
        } finally {
            closeAll();
        }
    }

    private void closeAll() {
        try {
            for (SelectionKey k : selector.keys()) {
                k.channel().close();
            }
            selector.close();
        } catch (IOException e) {
            log.warn("{}: closing: {}", node, e.toString());
        }
    }

    private void accept(ServerSocketChannel listener) throws IOException {
        for (SocketChannel ch; (ch = listener.accept()) != null; ) { // all that wait, not one per wake-up
            ch.configureBlocking(false);
            ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            ch.register(selector, SelectionKey.OP_READ, new Conn(ch));
        }
    }

    private final ByteBuffer rx = ByteBuffer.allocate(64 * 1024);

    private void read(SelectionKey k) {
        Conn c = (Conn) k.attachment();
        try {
            while (true) {
                if (c.connId < 0) {
                    if (c.ch.read(c.header) < 0) {
                        throw new IOException("closed before its header");
                    }
                    if (c.header.hasRemaining()) {
                        return;
                    }
                    c.connId = c.header.flip().getInt();
                    positions.put(c.connId, new long[2]);
                }
                rx.clear();
                int n = c.ch.read(rx);
                if (n < 0) {
                    k.cancel();
                    c.ch.close();
                    return;
                }
                if (n == 0) {
                    return;
                }
                if (StreamPattern.isEcho(c.connId)) {
                    answer(c, n);
                    continue;
                }
                int bad = StreamPattern.firstMismatch(rx, n, StreamPattern.upstream(c.connId), c.rxPos);
                if (bad >= 0) {
                    error("connection " + c.connId + ": wrong byte from the client at position " + (c.rxPos + bad));
                }
                long now = System.nanoTime();
                if (c.adopted) {
                    // the monotonic clock is shared by the processes of one machine (the testbed's nodes)
                    upstreamGaps.add(new long[] {c.lastRead, now});
                    c.adopted = false;
                }
                c.lastRead = now;
                c.rxPos += n;
                positions.get(c.connId)[0] = c.rxPos;
            }
        } catch (IOException e) {
            error("connection " + c.connId + " failed: " + e);
            k.cancel();
        }
    }

    private final ByteBuffer answer = ByteBuffer.allocate(StreamPattern.REQUEST_BYTES);

    /**
     * Reads the requests in the first {@code n} bytes of {@code rx}, which may end or begin anywhere within one,
     * and answers each whole request at once. A request's number must follow the one before: the count travels
     * in the handoff state, so a request lost or repeated across a handoff shows here too, once (the count then
     * follows the client's).
     */
    private void answer(Conn c, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            c.request = (c.request << 8) | (rx.get(i) & 0xff);
            if (++c.requestBytes < StreamPattern.REQUEST_BYTES) {
                continue;
            }
            long number = c.request;
            c.request = 0;
            c.requestBytes = 0;
            if (number != c.rxPos + 1) {
                error("interactive connection " + c.connId + ": request " + number + " where " + (c.rxPos + 1) + " was due");
            }
            c.rxPos = number;
            answer.clear().putLong(StreamPattern.answer(number)).flip();
            while (answer.hasRemaining()) {
                c.ch.write(answer); // 8 bytes now and then: the send buffer never fills
            }
            c.txPos++;
            long[] p = positions.get(c.connId);
            p[0] = c.rxPos;
            p[1] = c.txPos;
        }
    }

    private final ByteBuffer tx = ByteBuffer.allocate(CHUNK);

    /** Sends each connection its share of the rate since the last tick. */
    private void tick() {
        long now = System.nanoTime();
        double earned = bytesPerSecond * (now - lastTick) / 1e9;
        lastTick = now;
        if (!writing) {
            return;
        }
        for (SelectionKey k : selector.keys()) {
            if (!(k.attachment() instanceof Conn c) || c.connId < 0 || StreamPattern.isEcho(c.connId) || StreamPattern.isIdle(c.connId)
                    || !k.isValid()) {
                continue;
            }
            c.credit = Math.min(c.credit + earned, CHUNK);
            int want = (int) c.credit;
            if (want == 0) {
                continue;
            }
            tx.clear().limit(want);
            StreamPattern.fill(tx, StreamPattern.downstream(c.connId), c.txPos);
            tx.flip();
            try {
                int n = c.ch.write(tx);
                c.txPos += n;
                c.credit -= n;
                positions.get(c.connId)[1] = c.txPos;
            } catch (IOException e) {
                error("connection " + c.connId + " write failed: " + e);
                k.cancel();
            }
        }
    }

    /** Takes all connections of {@code client} out of the loop, with their state, for a handoff. */
    public CompletableFuture<Detached> detach(InetAddress client) {
        return detach(client, 0);
    }

    /**
     * Like {@link #detach(InetAddress)}, but first writes up to {@code burstBytes} more of each connection's
     * stream, as much as its send buffer takes: data left in the send queue at the handoff (benchmarks).
     */
    public CompletableFuture<Detached> detach(InetAddress client, int burstBytes) {
        CompletableFuture<Detached> f = new CompletableFuture<>();
        submit(() -> {
            try {
                List<SelectionKey> keys = new ArrayList<>();
                for (SelectionKey k : selector.keys()) {
                    if (k.attachment() instanceof Conn c && k.isValid()
                            && ((InetSocketAddress) c.ch.getRemoteAddress()).getAddress().equals(client)) {
                        if (c.connId < 0) { // checked before any key is cancelled: a refusal leaves all in the loop
                            throw new IllegalStateException("a connection of " + client + " has not sent its header yet");
                        }
                        keys.add(k);
                    }
                }
                List<Conn> conns = new ArrayList<>();
                for (SelectionKey k : keys) {
                    Conn c = (Conn) k.attachment();
                    if (burstBytes > 0 && !StreamPattern.isEcho(c.connId)) {
                        burst(c, burstBytes);
                    }
                    conns.add(c);
                    k.cancel();
                }
                selector.selectNow(); // completes the cancellations so the channels can change mode
                List<SocketChannel> chans = new ArrayList<>();
                for (Conn c : conns) {
                    c.ch.configureBlocking(true);
                    chans.add(c.ch);
                }
                f.complete(new Detached(client, chans, encode(conns), conns));
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private void burst(Conn c, int bytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(bytes);
        StreamPattern.fill(b, StreamPattern.downstream(c.connId), c.txPos);
        b.flip();
        c.txPos += c.ch.write(b); // non-blocking: what the send buffer takes
        positions.get(c.connId)[1] = c.txPos;
    }

    /** Puts a detached client back (its handoff failed and its sockets were re-activated here). */
    public void reattach(Detached d) {
        submit(() -> {
            for (Conn c : d.conns()) {
                register(c);
            }
        });
    }

    /** Takes over a client received in a handoff. */
    public void adopt(InetAddress client, List<SocketChannel> channels, byte[] appState) throws IOException {
        List<Conn> conns = decode(appState, channels);
        submit(() -> {
            for (Conn c : conns) {
                positions.put(c.connId, new long[] {c.rxPos, c.txPos});
                register(c);
            }
        });
    }

    private void register(Conn c) {
        try {
            c.ch.configureBlocking(false);
            c.ch.register(selector, SelectionKey.OP_READ, c);
            positions.put(c.connId, new long[] {c.rxPos, c.txPos});
        } catch (IOException e) {
            error("connection " + c.connId + " could not be registered: " + e);
        }
    }

    private static byte[] encode(List<Conn> conns) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(conns.size());
        for (Conn c : conns) {
            out.writeInt(c.connId);
            out.writeLong(c.rxPos);
            out.writeLong(c.lastRead);
            out.writeLong(c.txPos);
            out.writeLong(c.request);
            out.writeInt(c.requestBytes);
        }
        return bytes.toByteArray();
    }

    private static List<Conn> decode(byte[] appState, List<SocketChannel> channels) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(appState));
        int n = in.readInt();
        if (n != channels.size()) {
            throw new IOException("application state lists " + n + " connections, " + channels.size() + " arrived");
        }
        List<Conn> conns = new ArrayList<>();
        for (SocketChannel ch : channels) {
            Conn c = new Conn(ch);
            c.connId = in.readInt();
            c.rxPos = in.readLong();
            c.lastRead = in.readLong();
            c.adopted = true;
            c.txPos = in.readLong();
            c.request = in.readLong();
            c.requestBytes = in.readInt();
            conns.add(c);
        }
        return conns;
    }

    private void submit(Runnable r) {
        tasks.add(r);
        selector.wakeup();
    }

    /** Stops sending (the end of a run); reading and checking go on. */
    public void stopWriting() {
        writing = false;
    }

    /** Sends again after {@link #stopWriting} (a benchmark checks one client set's streams, then measures on). */
    public void startWriting() {
        writing = true;
    }

    /** Per connection id: bytes received and checked, bytes sent (interactive: last request number, answers sent) — for connections served here last. */
    public Map<Integer, long[]> positions() {
        Map<Integer, long[]> copy = new ConcurrentHashMap<>();
        positions.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /** Forgets a connection id that moved elsewhere (its positions now live on the receiver). */
    public void forget(Iterable<Conn> conns) {
        for (Conn c : conns) {
            positions.remove(c.connId);
        }
    }

    /** Pauses in the data received from clients across handoffs to this node: {from, to} in nanoTime. */
    public List<long[]> upstreamGaps() {
        return new ArrayList<>(upstreamGaps);
    }

    public synchronized List<String> errors() {
        return new ArrayList<>(errors);
    }

    private synchronized void error(String e) {
        log.error("{}: {}", node, e);
        errors.add(e);
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup(); // the loop closes every channel on its way out
    }
}
