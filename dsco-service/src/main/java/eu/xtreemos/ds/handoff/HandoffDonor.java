package eu.xtreemos.ds.handoff;

import eu.xtreemos.ds.tcp.ChannelSocket;
import eu.xtreemos.ds.tcp.ConnectionStateCodec;
import eu.xtreemos.ds.tcp.SocketEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The donating side of a handoff: drains, blocks, freezes and dumps all of one client's connections,
 * offers them to the receiving node, and either lets them go (accepted) or re-activates them where
 * they are (refused, or the receiver could not be reached).
 *
 * <p>The calling thread must be in the donor's network namespace. The application must have stopped
 * using the channels (no reads or writes) before calling {@link #donate}.
 */
public final class HandoffDonor {
    private static final Logger log = LoggerFactory.getLogger(HandoffDonor.class);

    private final ClientFilter filter;
    private final Duration flushTimeout;
    private final Duration replyTimeout;

    public HandoffDonor(ClientFilter filter, Duration flushTimeout, Duration replyTimeout) {
        this.filter = filter;
        this.flushTimeout = flushTimeout;
        this.replyTimeout = replyTimeout;
    }

    public HandoffTimeline donate(InetAddress client, List<SocketChannel> channels, byte[] appState,
                                  InetSocketAddress receiver) throws HandoffException {
        if (channels.isEmpty()) {
            throw new HandoffException("client " + client.getHostAddress() + " has no connections to hand off");
        }
        HandoffTimeline t = new HandoffTimeline();
        long flushDeadline = System.nanoTime() + flushTimeout.toNanos();
        for (SocketChannel ch : channels) {
            // Unacknowledged data would wait for a retransmission timeout on the new host.
            SocketEngine.flush(ChannelSocket.fdOf(ch), Duration.ofNanos(Math.max(0, flushDeadline - System.nanoTime())));
        }
        t.mark("flush");

        List<Integer> frozen = new ArrayList<>();
        try {
            filter.block(client);
            t.mark("block");
            List<byte[]> states = new ArrayList<>();
            for (SocketChannel ch : channels) {
                int fd = ChannelSocket.fdOf(ch);
                SocketEngine.freeze(fd);
                frozen.add(fd);
                states.add(ConnectionStateCodec.encode(SocketEngine.dump(fd)));
            }
            t.mark("freeze+dump");

            HandoffMessages.Verdict v = offer(receiver, new HandoffMessages.Offer(client, appState, states), t);
            if (!v.accepted()) {
                throw new HandoffException("receiver " + receiver + " refused the handoff: " + v.message());
            }
            t.add("restore", v.restoreNanos());
            t.add("redirect", v.redirectNanos());
            t.add("activate", v.activateNanos());
        } catch (HandoffException | IOException | RuntimeException e) {
            revive(client, frozen);
            if (e instanceof HandoffException he) {
                throw he;
            }
            throw new HandoffException("handoff of " + client.getHostAddress() + " to " + receiver + " failed: " + e.getMessage(), e);
        }
        for (SocketChannel ch : channels) {
            try {
                ch.close(); // in repair mode: nothing reaches the client
            } catch (IOException e) {
                log.warn("closing a handed-off socket: {}", e.toString());
            }
        }
        t.mark("release");
        return t;
    }

    private HandoffMessages.Verdict offer(InetSocketAddress receiver, HandoffMessages.Offer offer, HandoffTimeline t)
            throws IOException {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(receiver, (int) replyTimeout.toMillis());
            s.setSoTimeout((int) replyTimeout.toMillis());
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
            HandoffMessages.writeOffer(out, offer);
            t.mark("send");
            HandoffMessages.Verdict v = HandoffMessages.readVerdict(new DataInputStream(new BufferedInputStream(s.getInputStream())));
            t.mark("receiver");
            return v;
        }
    }

    /** The handoff did not happen: serve the client here again. */
    private void revive(InetAddress client, List<Integer> frozen) {
        for (int fd : frozen) {
            try {
                SocketEngine.unfreeze(fd);
            } catch (RuntimeException e) {
                log.error("could not re-activate fd {} of {}: {}", fd, client.getHostAddress(), e.getMessage());
            }
        }
        try {
            filter.unblock(client);
        } catch (IOException e) {
            log.error("could not unblock {}: {}", client.getHostAddress(), e.getMessage());
        }
    }
}
