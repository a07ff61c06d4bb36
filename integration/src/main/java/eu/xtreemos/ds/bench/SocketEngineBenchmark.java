package eu.xtreemos.ds.bench;

import eu.xtreemos.ds.dsco.metrics.Percentiles;
import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.tcp.ChannelSocket;
import eu.xtreemos.ds.tcp.InFlight;
import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.ConnectionStateCodec;
import eu.xtreemos.ds.tcp.RestoredConnection;
import eu.xtreemos.ds.tcp.SocketEngine;
import eu.xtreemos.ds.testbed.Commands;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Times the socket engine per connection on loopback in a scratch namespace: freeze+dump, encode,
 * decode, restore (to repair mode) and activate, for several amounts of queued data. Prints median
 * and 90th percentile per phase (nearest rank, {@link Percentiles}). The peer sends nothing while a connection is moved, so no filter
 * is needed.
 */
@Command(name = "ds-bench-engine", mixinStandardHelpOptions = true,
        description = "Times freeze+dump, encode, decode, restore and activate per TCP connection (needs root).")
public final class SocketEngineBenchmark implements Callable<Integer> {
    @Option(names = "--connections", defaultValue = "200", description = "Connections moved per queue size (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--queued", split = ",", defaultValue = "0,16384,262144",
            description = "Bytes queued each way per connection, comma-separated (default: ${DEFAULT-VALUE}).")
    int[] queued;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds per size; the first is warm-up (default: ${DEFAULT-VALUE}).")
    int rounds;

    /** The phases, in the order of {@link #time}'s rows. */
    static final String[] PHASES = {"freeze+dump", "encode", "decode", "restore", "activate"};

    @Override
    public Integer call() throws Exception {
        System.out.printf("%-10s %-14s %12s %12s%n", "queued", "phase", "median us", "p90 us");
        for (int q : queued) {
            double[][] t = time(connections, q, rounds);
            for (int p = 0; p < PHASES.length; p++) {
                Arrays.sort(t[p]);
                System.out.printf("%-10d %-14s %12.1f %12.1f%n", q, PHASES[p], Percentiles.of(t[p], 50), Percentiles.of(t[p], 90));
            }
        }
        return 0;
    }

    /**
     * Moves {@code connections} loopback connections with {@code queued} bytes queued each way, {@code rounds} times
     * (all but the last are warm-up), in a scratch namespace made for it and removed after; returns the last round's
     * microseconds per connection, one row per {@link #PHASES phase}.
     */
    static double[][] time(int connections, int queued, int rounds) throws Exception {
        String name = "dsbench-" + ProcessHandle.current().pid();
        Commands.check("ip", "netns", "add", name);
        try (NetNamespace ns = NetNamespace.open(name)) {
            Commands.check("ip", "-n", name, "link", "set", "lo", "up");
            double[][] t = null;
            for (int round = 0; round < Math.max(1, rounds); round++) {
                t = ns.call(() -> measure(connections, queued));
            }
            return t;
        } finally {
            Commands.run(Commands.DEFAULT_TIMEOUT, "ip", "netns", "del", name);
        }
    }

    private static double[][] measure(int connections, int queued) throws Exception {
        double[][] t = new double[5][connections];
        try (ServerSocketChannel l = ServerSocketChannel.open()) {
            l.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            List<SocketChannel> open = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                SocketChannel c = SocketChannel.open(l.getLocalAddress());
                SocketChannel s = l.accept();
                open.add(c);
                if (queued > 0) { // unread data in the server's receive queue and its send queue
                    c.write(ByteBuffer.allocate(queued));
                    s.configureBlocking(false);
                    int written = s.write(ByteBuffer.allocate(queued));
                    s.configureBlocking(true);
                    // No packet filter here: wait until nothing is in flight before freezing (InFlight says why).
                    InFlight.awaitSettled(ChannelSocket.fdOf(c), ChannelSocket.fdOf(s), queued, written, Duration.ofSeconds(2));
                }
                int fd = ChannelSocket.fdOf(s);
                long t0 = System.nanoTime();
                SocketEngine.freeze(fd);
                ConnectionState st = SocketEngine.dump(fd);
                long t1 = System.nanoTime();
                byte[] raw = ConnectionStateCodec.encode(st);
                long t2 = System.nanoTime();
                ConnectionState back = ConnectionStateCodec.decode(raw);
                long t3 = System.nanoTime();
                s.close();
                long t4 = System.nanoTime();
                RestoredConnection r = SocketEngine.restore(back, ChannelSocket.open(back.ipv4()));
                long t5 = System.nanoTime();
                r.activate();
                long t6 = System.nanoTime();
                t[0][i] = (t1 - t0) / 1e3;
                t[1][i] = (t2 - t1) / 1e3;
                t[2][i] = (t3 - t2) / 1e3;
                t[3][i] = (t5 - t4) / 1e3;
                t[4][i] = (t6 - t5) / 1e3;
                open.add(((ChannelSocket) r.socket()).channel());
            }
            for (SocketChannel ch : open) {
                ch.close();
            }
        }
        return t;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SocketEngineBenchmark()).execute(args));
    }
}
