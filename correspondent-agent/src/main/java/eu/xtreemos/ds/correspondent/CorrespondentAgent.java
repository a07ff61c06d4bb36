package eu.xtreemos.ds.correspondent;

import eu.xtreemos.ds.mobility.BindingCache;
import eu.xtreemos.ds.mobility.BindingCacheEntry;
import eu.xtreemos.ds.mobility.BindingVerdict;
import eu.xtreemos.ds.mobility.CorrespondentSignalling;
import eu.xtreemos.ds.mobility.DecodeResult;
import eu.xtreemos.ds.mobility.CareOfTestInit;
import eu.xtreemos.ds.mobility.HomeTest;
import eu.xtreemos.ds.mobility.HomeTestInit;
import eu.xtreemos.ds.mobility.MobilityHeaderEncoder;
import eu.xtreemos.ds.mobility.MhSocket;
import eu.xtreemos.ds.mobility.NonceTable;
import eu.xtreemos.ds.mobility.OutgoingMessage;
import eu.xtreemos.ds.mobility.ReceivedHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The correspondent side of route optimization for a client host whose OS has no Mobile IPv6: answers
 * Home and Care-of Test Inits, verifies Binding Updates (RFC 6275 §9.5.1: nonces, authenticator,
 * sequence number) and turns accepted bindings into routes ({@link BindingRoutes}); refused updates change
 * nothing and are counted by reason and logged. The counters and bindings are written to a status file
 * after every change, for operators and tests.
 */
public final class CorrespondentAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CorrespondentAgent.class);

    private final MhSocket socket;
    private final MhSocket homePathSocket;
    private final BindingCache cache = new BindingCache(Clock.systemUTC());
    private final CorrespondentSignalling signalling;
    private final BindingRoutes routes;
    private final Path statusFile;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param address        this host's address (the one mobile nodes talk to)
     * @param routes         the data plane of the bindings (it also keeps Home Tests on the home path)
     * @param statusFile     where to write counters and bindings, or null
     */
    public CorrespondentAgent(Inet6Address address, BindingRoutes routes, Path statusFile) throws IOException {
        this.routes = routes;
        this.statusFile = statusFile;
        this.signalling = new CorrespondentSignalling(NonceTable.withDefaults(Clock.systemUTC(), new SecureRandom()), cache);
        this.socket = MhSocket.open(address);
        try {
            this.homePathSocket = MhSocket.open(address);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        try {
            routes.homePath(homePathSocket);
        } catch (IOException e) {
            socket.close();
            homePathSocket.close();
            throw e;
        }
        cache.addListener(new BindingCache.Listener() {
            @Override
            public void bound(BindingCacheEntry e) {
                try {
                    CorrespondentAgent.this.routes.bind(e.homeAddress(), e.careOfAddress());
                    log.info("binding {} -> {} (sequence {})", e.homeAddress().getHostAddress(), e.careOfAddress().getHostAddress(), e.sequence());
                } catch (IOException ex) {
                    count("route-errors");
                    log.error("{}", ex.getMessage());
                }
            }

            @Override
            public void unbound(BindingCacheEntry e, String why) {
                try {
                    CorrespondentAgent.this.routes.unbind(e.homeAddress());
                    log.info("binding of {} removed: {}", e.homeAddress().getHostAddress(), why);
                } catch (IOException ex) {
                    count("route-errors");
                    log.error("{}", ex.getMessage());
                }
            }
        });
        warmUp(address);
        writeStatus();
    }

    /**
     * Answers a made-up Home and Care-of Test Init once, off the wire, so that the first real handoff does not
     * pay for loading the codec and initialising HMAC-SHA1 (tens of milliseconds in a fresh JVM).
     */
    private void warmUp(Inet6Address own) {
        CorrespondentSignalling scratch = new CorrespondentSignalling(NonceTable.withDefaults(Clock.systemUTC(), new SecureRandom()),
                new BindingCache(Clock.systemUTC()));
        scratch.handle(MobilityHeaderEncoder.encode(new HomeTestInit(1L)), own, own, null);
        scratch.handle(MobilityHeaderEncoder.encode(new CareOfTestInit(2L)), own, own, null);
    }

    /** Serves until {@link #close}: one header at a time, bindings expired as their lifetimes end. */
    public void run() {
        log.info("correspondent agent on {}: {}", socket.localAddress().getHostAddress(), routes.describe());
        while (!closed) {
            try {
                ReceivedHeader h = socket.receive(Duration.ofSeconds(1));
                if (h != null) {
                    handle(h);
                }
                if (!cache.expire().isEmpty()) {
                    writeStatus();
                }
            } catch (IOException e) {
                if (!closed) {
                    log.error("Mobility Header socket: {}", e.getMessage());
                }
                return;
            }
        }
    }

    private void handle(ReceivedHeader h) throws IOException {
        CorrespondentSignalling.Handled r = signalling.handle(h.header(), h.source(), h.destination(), null);
        if (r.decoded() instanceof DecodeResult.Rejected rej) {
            count("malformed");
            log.warn("malformed Mobility Header from {}: {}", h.source().getHostAddress(), rej);
        } else if (r.verdict() instanceof BindingVerdict.Accepted) {
            count("updates-accepted");
        } else if (r.verdict() instanceof BindingVerdict.Rejected no) {
            count("updates-refused");
            count("refused-" + no.reason().name().toLowerCase().replace('_', '-'));
        } else {
            count("received-" + ((DecodeResult.Decoded) r.decoded()).message().type().name().toLowerCase());
        }
        for (OutgoingMessage m : r.replies()) {
            // a Home Test goes the home way, whatever binding this host holds for that address
            (m.message() instanceof HomeTest ? homePathSocket : socket).send(m);
        }
        writeStatus();
    }

    private void count(String what) {
        counters.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    /** The counters by name (updates-accepted, updates-refused, refused-&lt;reason&gt;, malformed, ...). */
    public Map<String, Long> counters() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private void writeStatus() {
        if (statusFile == null) {
            return;
        }
        StringBuilder b = new StringBuilder();
        counters().forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        for (BindingCacheEntry e : cache.entries()) {
            b.append("binding.").append(e.homeAddress().getHostAddress()).append('=').append(e.careOfAddress().getHostAddress())
                    .append(" sequence ").append(e.sequence()).append('\n');
        }
        try {
            Path tmp = statusFile.resolveSibling(statusFile.getFileName() + ".tmp");
            Files.writeString(tmp, b);
            Files.move(tmp, statusFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("status file {}: {}", statusFile, e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        socket.close();
        homePathSocket.close();
        routes.close();
    }
}
