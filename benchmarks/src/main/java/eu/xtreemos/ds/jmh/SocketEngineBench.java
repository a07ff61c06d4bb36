package eu.xtreemos.ds.jmh;

import eu.xtreemos.ds.tcp.ChannelSocket;
import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.ConnectionStateCodec;
import eu.xtreemos.ds.tcp.SocketEngine;
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

import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The socket engine per connection on loopback (scratch namespace): freeze + dump (then unfreeze, so the
 * same socket serves the next call) and the state codec both ways ({@link SocketRestoreBench}: the
 * restore). {@code queued}: bytes unread in the receive queue and waiting in the send queue.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED"})
@State(Scope.Thread)
public class SocketEngineBench {
    @Param({"0", "16384"})
    public int queued;

    private Connections conns;
    private SocketChannel[] live;
    private int liveFd;
    private byte[] encoded;
    private ConnectionState decoded;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        conns = new Connections();
        live = conns.pair(queued);
        liveFd = ChannelSocket.fdOf(live[1]);
        SocketEngine.freeze(liveFd);
        decoded = SocketEngine.dump(liveFd);
        SocketEngine.unfreeze(liveFd);
        encoded = ConnectionStateCodec.encode(decoded);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        Connections.close(live);
        conns.close();
    }

    @Benchmark
    public ConnectionState freezeDumpUnfreeze() {
        SocketEngine.freeze(liveFd);
        ConnectionState s = SocketEngine.dump(liveFd);
        SocketEngine.unfreeze(liveFd);
        return s;
    }

    @Benchmark
    public byte[] encode() {
        return ConnectionStateCodec.encode(decoded);
    }

    @Benchmark
    public ConnectionState decode() throws Exception {
        return ConnectionStateCodec.decode(encoded);
    }

}
