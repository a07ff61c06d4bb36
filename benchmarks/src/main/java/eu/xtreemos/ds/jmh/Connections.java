package eu.xtreemos.ds.jmh;

import eu.xtreemos.ds.tcp.ChannelSocket;
import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.InFlight;
import eu.xtreemos.ds.tcp.SocketEngine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/** Loopback TCP connections in a scratch namespace, with data queued both ways, for the socket engine. */
final class Connections implements AutoCloseable {
    final Scratch scratch;
    final ServerSocketChannel listener;

    Connections() throws Exception {
        scratch = new Scratch();
        listener = scratch.ns.call(() -> {
            ServerSocketChannel l = ServerSocketChannel.open();
            l.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0), 1024);
            return l;
        });
    }

    /** {client, server}: {@code queued} bytes unread at the server and queued in its send queue. */
    SocketChannel[] pair(int queued) throws Exception {
        SocketChannel c = scratch.ns.call(() -> SocketChannel.open(listener.getLocalAddress()));
        SocketChannel s = listener.accept();
        if (queued > 0) {
            c.write(ByteBuffer.allocate(queued));
            s.configureBlocking(false);
            int written = s.write(ByteBuffer.allocate(queued));
            s.configureBlocking(true);
            // No packet filter here: wait until nothing is in flight before the engine freezes (InFlight says why).
            InFlight.awaitSettled(ChannelSocket.fdOf(c), ChannelSocket.fdOf(s), queued, written, Duration.ofSeconds(2));
        }
        return new SocketChannel[] {c, s};
    }

    /** Freezes and dumps the server end of a fresh pair. */
    ConnectionState frozenState(SocketChannel[] pair) {
        int fd = ChannelSocket.fdOf(pair[1]);
        SocketEngine.freeze(fd);
        return SocketEngine.dump(fd);
    }

    static void close(SocketChannel... chs) {
        for (SocketChannel ch : chs) {
            try {
                if (ch != null) {
                    ch.close();
                }
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    @Override
    public void close() throws Exception {
        listener.close();
        scratch.close();
    }
}
