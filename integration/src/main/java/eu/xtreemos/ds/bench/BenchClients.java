package eu.xtreemos.ds.bench;

import eu.xtreemos.ds.saga.examples.StreamPattern;
import eu.xtreemos.ds.kernel.NetNamespace;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Many ordinary TCP clients of the stream service, on one selector thread: each client address has some
 * connections, the first {@code busy} of them streaming both ways at a steady rate (the service streams
 * back on them), the others idle (the service sends nothing on them). Every byte received is checked
 * against the stream pattern. The client knows nothing of handoffs.
 */
final class BenchClients implements Closeable {
    /** One connection. */
    static final class Conn {
        final InetAddress client;
        final int id;
        final boolean busy;
        final SocketChannel ch;
        final ByteBuffer header = ByteBuffer.allocate(4);
        volatile long tx;
        volatile long rx;

        Conn(InetAddress client, int id, boolean busy, SocketChannel ch) {
            this.client = client;
            this.id = id;
            this.busy = busy;
            this.ch = ch;
            header.putInt(id).flip();
        }
    }

    private final Selector selector;
    private final List<Conn> conns = new ArrayList<>();
    private final Map<InetAddress, List<Conn>> byClient = new HashMap<>();
    private final Queue<String> errors = new ConcurrentLinkedQueue<>();
    private final long rate;
    private volatile boolean writing = true;
    private volatile boolean running = true;
    private final Thread thread;
    private static int nextId = 1;

    /**
     * Connects {@code perClient} connections from each address (bound as source) to {@code service}, from
     * inside {@code ns}, and starts streaming at {@code rate} bytes/s on the first {@code busy} of each.
     */
    static BenchClients start(NetNamespace ns, List<InetAddress> clients, int perClient, int busy, InetSocketAddress service,
                              long rate, Progress progress) throws Exception {
        BenchClients b = new BenchClients(rate);
        int total = clients.size() * perClient, done = 0;
        List<Conn> pending = new ArrayList<>();
        for (InetAddress c : clients) {
            for (int k = 0; k < perClient; k++) {
                boolean isBusy = k < busy;
                int id = nextId();
                if (!isBusy) {
                    id |= StreamPattern.IDLE;
                }
                SocketChannel ch = ns.call(() -> {
                    SocketChannel s = SocketChannel.open(StandardProtocolFamily.INET6);
                    s.bind(new InetSocketAddress(c, 0));
                    s.configureBlocking(false);
                    s.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    s.connect(service);
                    return s;
                });
                Conn conn = new Conn(c, id, isBusy, ch);
                pending.add(conn);
                if (pending.size() == 64) {
                    done += b.finish(pending);
                    progress.update("connecting", done, total);
                }
            }
        }
        done += b.finish(pending);
        progress.update("connecting", done, total);
        b.thread.start();
        return b;
    }

    private static synchronized int nextId() {
        int id = nextId++;
        if (id >= StreamPattern.IDLE) {
            throw new IllegalStateException("out of connection ids");
        }
        return id;
    }

    private BenchClients(long rate) throws IOException {
        this.rate = rate;
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "bench-clients");
        this.thread.setDaemon(true);
    }

    /** Completes the connects of a batch and sends each connection's header. */
    private int finish(List<Conn> batch) throws IOException, InterruptedException {
        for (Conn c : batch) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!c.ch.finishConnect()) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("connection from " + c.client.getHostAddress() + " not established within 30 s");
                }
                Thread.sleep(0, 100_000);
            }
            while (c.header.hasRemaining()) {
                c.ch.write(c.header);
            }
            c.ch.register(selector, SelectionKey.OP_READ, c);
            conns.add(c);
            byClient.computeIfAbsent(c.client, k -> new ArrayList<>()).add(c);
        }
        int n = batch.size();
        batch.clear();
        return n;
    }

    private void loop() {
        ByteBuffer rx = ByteBuffer.allocate(64 * 1024);
        ByteBuffer tx = ByteBuffer.allocate(16 * 1024);
        long last = System.nanoTime();
        double credit = 0;
        try {
            while (running) {
                selector.select(1);
                for (SelectionKey k : selector.selectedKeys()) {
                    if (k.isValid() && k.isReadable()) {
                        read((Conn) k.attachment(), rx, k);
                    }
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                credit = Math.min(credit + rate * (now - last) / 1e9, tx.capacity());
                last = now;
                int want = (int) credit;
                if (writing && want > 0) {
                    for (Conn c : conns) {
                        if (c.busy) {
                            write(c, tx, want);
                        }
                    }
                    credit -= want;
                }
            }
        } catch (IOException | RuntimeException e) {
            errors.add("client loop failed: " + e);
        }
    }

    private void read(Conn c, ByteBuffer rx, SelectionKey k) {
        try {
            rx.clear();
            int n = c.ch.read(rx);
            if (n < 0) {
                errors.add("connection " + c.id + " of " + c.client.getHostAddress() + ": the server closed it");
                k.cancel();
                return;
            }
            int bad = StreamPattern.firstMismatch(rx, n, StreamPattern.downstream(c.id), c.rx);
            if (bad >= 0) {
                errors.add("connection " + c.id + ": wrong byte from the server at position " + (c.rx + bad));
                k.cancel();
            }
            c.rx += n;
        } catch (IOException e) {
            errors.add("connection " + c.id + " of " + c.client.getHostAddress() + " read: " + e);
            k.cancel();
        }
    }

    /** Writes up to {@code want} bytes of the connection's stream (what the send buffer takes). */
    private void write(Conn c, ByteBuffer tx, int want) {
        try {
            tx.clear().limit(want);
            StreamPattern.fill(tx, StreamPattern.upstream(c.id), c.tx);
            tx.flip();
            c.tx += c.ch.write(tx);
        } catch (IOException e) {
            errors.add("connection " + c.id + " of " + c.client.getHostAddress() + " write: " + e);
        }
    }

    List<Conn> connections() {
        return conns;
    }

    List<Conn> of(InetAddress client) {
        return byClient.getOrDefault(client, List.of());
    }

    void stopWriting() {
        writing = false;
    }

    List<String> errors() {
        return new ArrayList<>(errors);
    }

    @Override
    public void close() throws IOException {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Conn c : conns) {
            c.ch.close();
        }
        selector.close();
    }
}
