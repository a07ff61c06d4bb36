package eu.xtreemos.ds.jmh;

import eu.xtreemos.ds.dsco.peer.SecureChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The cluster link (AES-256-GCM frames over TCP, loopback in a scratch namespace): one message sealed,
 * sent, received and opened ({@code size} bytes: a prepare for one connection is ≈ 300 bytes), and a new
 * link's handshake (connect, hellos, X25519, HKDF, key confirmation) — what a pre-established link saves.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED"})
@State(Scope.Thread)
public class SecureChannelBench {
    @Param({"300", "65536"})
    public int size;

    private static final byte[] KEY = new byte[32];
    private Scratch scratch;
    private ServerSocket listener;
    private final ExecutorService acceptor = Executors.newSingleThreadExecutor();
    private SecureChannel a, b;
    private byte[] message;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        scratch = new Scratch();
        listener = scratch.ns.call(() -> new ServerSocket(0, 50, InetAddress.getByName("::1")));
        SecureChannel[] pair = link();
        a = pair[0];
        b = pair[1];
        message = new byte[size];
    }

    private SecureChannel[] link() throws Exception {
        Future<SecureChannel> server = acceptor.submit(() -> {
            Socket s = listener.accept();
            s.setTcpNoDelay(true);
            return SecureChannel.open(s, KEY, "b", false, 1 << 20);
        });
        Socket c = scratch.ns.call(() -> {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(InetAddress.getByName("::1"), listener.getLocalPort()));
            return s;
        });
        SecureChannel client = SecureChannel.open(c, KEY, "a", true, 1 << 20);
        return new SecureChannel[] {client, server.get()};
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        a.close();
        b.close();
        listener.close();
        acceptor.shutdownNow();
        scratch.close();
    }

    @Benchmark
    public byte[] sealSendReceiveOpen() throws Exception {
        a.send(message);
        return b.receive();
    }

    @Benchmark
    public String newLinkHandshake() throws Exception {
        SecureChannel[] p = link();
        String n = p[0].peerName();
        p[0].close();
        p[1].close();
        return n;
    }
}
