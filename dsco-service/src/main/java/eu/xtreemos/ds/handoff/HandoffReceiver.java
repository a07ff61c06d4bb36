package eu.xtreemos.ds.handoff;

import eu.xtreemos.ds.tcp.ChannelSocket;
import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.ConnectionStateCodec;
import eu.xtreemos.ds.tcp.InvalidStateException;
import eu.xtreemos.ds.tcp.RestoredConnection;
import eu.xtreemos.ds.tcp.SocketEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiving side of a handoff: takes offers from donors, restores the connections (held in repair
 * mode), switches the client's redirect to this node, activates them and gives them to the application.
 * It refuses an offer — and the donor keeps the client — when any state record is malformed or cannot
 * be restored, before anything about the client has changed.
 *
 * <p>Run {@link #bind} and {@link #run} on a thread in the receiver's network namespace: restored
 * sockets are created by that thread.
 */
public final class HandoffReceiver implements Runnable, Closeable {
    private static final Logger log = LoggerFactory.getLogger(HandoffReceiver.class);

    /** The application that takes over received clients. */
    @FunctionalInterface
    public interface Adopter {
        void adopt(InetAddress client, List<SocketChannel> channels, byte[] appState) throws Exception;
    }

    private final String node;
    private final ClientFilter filter;
    private final Redirect redirect;
    private final Adopter adopter;
    private final Duration readTimeout;
    private volatile ServerSocket server;

    public HandoffReceiver(String node, ClientFilter filter, Redirect redirect, Adopter adopter, Duration readTimeout) {
        this.node = node;
        this.filter = filter;
        this.redirect = redirect;
        this.adopter = adopter;
        this.readTimeout = readTimeout;
    }

    public void bind(InetSocketAddress listen) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(listen);
        server = s;
    }

    @Override
    public void run() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setTcpNoDelay(true);
                s.setSoTimeout((int) readTimeout.toMillis());
                serve(s);
            } catch (SocketException e) {
                if (!server.isClosed()) {
                    log.warn("{}: handoff connection failed: {}", node, e.getMessage());
                }
            } catch (IOException | RuntimeException e) {
                log.warn("{}: handoff connection failed: {}", node, e.toString());
            }
        }
    }

    private void serve(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
        HandoffMessages.Offer offer;
        try {
            offer = HandoffMessages.readOffer(in);
        } catch (InvalidStateException e) {
            refuse(out, s, "malformed offer: " + e.getMessage());
            return;
        } catch (EOFException e) {
            log.warn("{}: offer from {} ended early", node, s.getRemoteSocketAddress());
            return;
        }
        HandoffMessages.Verdict v = accept(offer);
        if (!v.accepted()) {
            log.warn("{}: refused client {} from {}: {}", node, offer.client().getHostAddress(), s.getRemoteSocketAddress(), v.message());
        }
        HandoffMessages.writeVerdict(out, v);
    }

    private void refuse(DataOutputStream out, Socket s, String why) throws IOException {
        log.warn("{}: refused offer from {}: {}", node, s.getRemoteSocketAddress(), why);
        HandoffMessages.writeVerdict(out, new HandoffMessages.Verdict(false, why, 0, 0, 0));
    }

    private HandoffMessages.Verdict accept(HandoffMessages.Offer offer) {
        long t0 = System.nanoTime();
        List<ConnectionState> states = new ArrayList<>();
        for (int i = 0; i < offer.states().size(); i++) {
            try {
                ConnectionState st = ConnectionStateCodec.decode(offer.states().get(i));
                if (!st.remote().getAddress().equals(offer.client())) {
                    return refused("connection " + i + " belongs to " + st.remote().getAddress().getHostAddress()
                            + ", not to client " + offer.client().getHostAddress());
                }
                states.add(st);
            } catch (InvalidStateException e) {
                return refused("connection " + i + ": " + e.getMessage());
            }
        }
        List<RestoredConnection> restored = new ArrayList<>();
        try {
            for (ConnectionState st : states) {
                restored.add(SocketEngine.restore(st, ChannelSocket.open(st.ipv4())));
            }
        } catch (IOException | RuntimeException e) {
            discard(restored);
            return refused("restore failed: " + e.getMessage());
        }
        long t1 = System.nanoTime();
        try {
            filter.unblock(offer.client());
            redirect.steer(offer.client(), node);
        } catch (IOException | RuntimeException e) {
            discard(restored);
            return refused("redirect to " + node + " failed: " + e.getMessage());
        }
        long t2 = System.nanoTime();
        List<SocketChannel> channels = new ArrayList<>();
        for (RestoredConnection r : restored) {
            r.activate();
            channels.add(((ChannelSocket) r.socket()).channel());
        }
        long t3 = System.nanoTime();
        try {
            adopter.adopt(offer.client(), channels, offer.appState());
        } catch (Exception e) {
            // The connections are live here and the client is redirected: the donor must let go anyway.
            log.error("{}: the application failed to adopt client {}: {}", node, offer.client().getHostAddress(), e.toString());
        }
        return new HandoffMessages.Verdict(true, "ok", t1 - t0, t2 - t1, t3 - t2);
    }

    private static HandoffMessages.Verdict refused(String why) {
        return new HandoffMessages.Verdict(false, why, 0, 0, 0);
    }

    private static void discard(List<RestoredConnection> restored) {
        for (RestoredConnection r : restored) {
            try {
                r.discard();
            } catch (IOException e) {
                log.warn("discarding a restored socket: {}", e.toString());
            }
        }
    }

    @Override
    public void close() throws IOException {
        ServerSocket s = server;
        if (s != null) {
            s.close();
        }
    }
}
