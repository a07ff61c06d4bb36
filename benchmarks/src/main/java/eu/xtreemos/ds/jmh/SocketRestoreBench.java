package eu.xtreemos.ds.jmh;

import eu.xtreemos.ds.tcp.ChannelSocket;
import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.RestoredConnection;
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
 * Restore (to repair mode) + activate of one loopback connection into a new socket, the original frozen,
 * dumped and closed before each call (not timed). {@code queued}: bytes in each queue.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED"})
@State(Scope.Thread)
public class SocketRestoreBench {
    @Param({"0", "16384"})
    public int queued;

    private Connections conns;
    private SocketChannel[] moved;
    private ConnectionState state;
    private RestoredConnection restored;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        conns = new Connections();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        conns.close();
    }

    @Setup(Level.Invocation)
    public void freshConnection() throws Exception {
        moved = conns.pair(queued);
        state = conns.frozenState(moved);
        moved[1].close(); // frozen: closes silently, the 4-tuple is free for the restore
    }

    @Benchmark
    public RestoredConnection restoreActivate() throws Exception {
        restored = SocketEngine.restore(state, ChannelSocket.open(state.ipv4()));
        restored.activate();
        return restored;
    }

    @TearDown(Level.Invocation)
    public void closeMoved() throws Exception {
        if (restored != null) {
            Connections.close(((ChannelSocket) restored.socket()).channel());
            restored = null;
        }
        Connections.close(moved[0]);
    }
}
