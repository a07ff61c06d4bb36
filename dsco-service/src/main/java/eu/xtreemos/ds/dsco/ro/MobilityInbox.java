package eu.xtreemos.ds.dsco.ro;

import eu.xtreemos.ds.mobility.BindingAcknowledgement;
import eu.xtreemos.ds.mobility.CareOfTest;
import eu.xtreemos.ds.mobility.DecodeResult;
import eu.xtreemos.ds.mobility.HomeTest;
import eu.xtreemos.ds.mobility.MhSocket;
import eu.xtreemos.ds.mobility.MobilityHeaderDecoder;
import eu.xtreemos.ds.mobility.ReceivedHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What arrives on this node's Mobility Header sockets, handed to whoever waits for it: a Home Test or a
 * Care-of Test by its cookie (the answer to a test init we sent), Binding Acknowledgements by the
 * correspondent and home address they concern. Anything nobody waits for is counted and dropped: the
 * signalling is request/response, a stray message can do nothing here.
 */
final class MobilityInbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MobilityInbox.class);

    record AckKey(Inet6Address correspondent, Inet6Address home) {
    }

    private final MobilityHeaderDecoder decoder = MobilityHeaderDecoder.rfc();
    private final Map<Long, CompletableFuture<HomeTest>> homeTests = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<CareOfTest>> careOfTests = new ConcurrentHashMap<>();
    private final Map<AckKey, BlockingQueue<DecodeResult.Decoded>> acks = new ConcurrentHashMap<>();
    private final AtomicLong unexpected = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final List<MhSocket> sockets;
    private volatile boolean closed;

    MobilityInbox(List<MhSocket> sockets) {
        this.sockets = List.copyOf(sockets);
        for (MhSocket s : this.sockets) {
            Thread t = new Thread(() -> receive(s), "mh-" + s.localAddress().getHostAddress());
            t.setDaemon(true);
            t.start();
        }
    }

    CompletableFuture<HomeTest> expectHomeTest(long cookie) {
        return homeTests.computeIfAbsent(cookie, c -> new CompletableFuture<>());
    }

    CompletableFuture<CareOfTest> expectCareOfTest(long cookie) {
        return careOfTests.computeIfAbsent(cookie, c -> new CompletableFuture<>());
    }

    void forget(long homeCookie, long careOfCookie) {
        homeTests.remove(homeCookie);
        careOfTests.remove(careOfCookie);
    }

    /** Starts collecting acknowledgements for one binding; {@link #stopAcks} ends it. */
    BlockingQueue<DecodeResult.Decoded> expectAcks(Inet6Address correspondent, Inet6Address home) {
        return acks.computeIfAbsent(new AckKey(correspondent, home), k -> new LinkedBlockingQueue<>());
    }

    void stopAcks(Inet6Address correspondent, Inet6Address home) {
        acks.remove(new AckKey(correspondent, home));
    }

    long unexpected() {
        return unexpected.get();
    }

    long malformed() {
        return malformed.get();
    }

    private void receive(MhSocket socket) {
        while (!closed) {
            ReceivedHeader h;
            try {
                h = socket.receive(Duration.ofMillis(500));
            } catch (IOException e) {
                if (!closed) {
                    log.error("Mobility Header socket {} failed: {}", socket.localAddress().getHostAddress(), e.getMessage());
                }
                return;
            }
            if (h != null) {
                dispatch(h);
            }
        }
    }

    private void dispatch(ReceivedHeader h) {
        DecodeResult r = decoder.decodeWithoutChecksum(h.header()); // the kernel checked the checksum
        if (!(r instanceof DecodeResult.Decoded d)) {
            malformed.incrementAndGet();
            log.warn("dropped a Mobility Header from {}: {}", h.source().getHostAddress(), r);
            return;
        }
        boolean taken = false;
        if (d.message() instanceof HomeTest hot) {
            CompletableFuture<HomeTest> f = homeTests.remove(hot.homeInitCookie());
            taken = f != null && f.complete(hot);
        } else if (d.message() instanceof CareOfTest cot) {
            CompletableFuture<CareOfTest> f = careOfTests.remove(cot.careOfInitCookie());
            taken = f != null && f.complete(cot);
        } else if (d.message() instanceof BindingAcknowledgement) {
            BlockingQueue<DecodeResult.Decoded> q = acks.get(new AckKey(h.source(), h.destination()));
            taken = q != null && q.offer(d);
        }
        if (!taken) {
            unexpected.incrementAndGet();
            log.debug("nobody waits for {} from {} to {}", d.message(), h.source().getHostAddress(), h.destination().getHostAddress());
        }
    }

    @Override
    public void close() {
        closed = true;
        sockets.forEach(MhSocket::close);
        homeTests.values().forEach(f -> f.completeExceptionally(new IOException("dsco is stopping")));
        careOfTests.values().forEach(f -> f.completeExceptionally(new IOException("dsco is stopping")));
    }
}
