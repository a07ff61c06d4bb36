package eu.xtreemos.ds.dsco.ro;

import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.handoff.Cluster;
import eu.xtreemos.ds.dsco.handoff.Redirect;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import eu.xtreemos.ds.dsco.peer.RouteOptimizationMessage;
import eu.xtreemos.ds.mobility.AcknowledgementOutcome;
import eu.xtreemos.ds.mobility.BindingAckStatus;
import eu.xtreemos.ds.mobility.BindingAcknowledgement;
import eu.xtreemos.ds.mobility.BindingUpdateList;
import eu.xtreemos.ds.mobility.BindingUpdateListEntry;
import eu.xtreemos.ds.mobility.CareOfTest;
import eu.xtreemos.ds.mobility.CareOfTestInit;
import eu.xtreemos.ds.mobility.DecodeResult;
import eu.xtreemos.ds.mobility.HomeTest;
import eu.xtreemos.ds.mobility.HomeTestInit;
import eu.xtreemos.ds.mobility.MhSocket;
import eu.xtreemos.ds.mobility.MobilityHeaderEncoder;
import eu.xtreemos.ds.mobility.OutgoingMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Mobile IPv6 route optimization as the redirect of a handoff (docs/mobility.md, "In dsco"). The node that
 * takes a client binds the service address to its own address at the client: return routability — the
 * Home Test through the contact node, which owns the home (the HA sends the service address there), the
 * Care-of Test directly — then a Binding Update, acknowledged. Handing a client back to the contact node
 * deregisters the binding. IPv4 clients have no Mobile IPv6: they fall back to HA steering.
 *
 * <p>Sequence numbers come from the contact node (it runs every Home Test), so the updates of different
 * nodes for one client keep increasing; a client that saw a newer one (after a contact failover) refuses
 * with status 135 and its number, and the update is sent again past it.
 */
public final class RouteOptimizer implements Redirect, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RouteOptimizer.class);
    private static final long FIRST_RETRANSMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(150);

    private record Bound(String service, Inet6Address client) {
    }

    /** Return routability started ahead of a redirect (at prepare), and when. */
    private record Ahead(long startedNanos, CompletableFuture<Integer> sequence) {
    }

    private final Supplier<DscoConfig> configs;
    private final Cluster cluster;
    private final Redirect fallback;
    private final NodeDataPlane plane;
    private final BindingUpdateList updates = new BindingUpdateList(Clock.systemUTC(), new SecureRandom());
    private final Map<InetAddress, MhSocket> homeSockets;
    private final MhSocket careOfSocket;
    private final MobilityInbox inbox;
    private final Set<Bound> boundHere = ConcurrentHashMap.newKeySet();
    private final Map<Inet6Address, Object> clientLocks = new ConcurrentHashMap<>();
    private final Map<Bound, Ahead> ahead = new ConcurrentHashMap<>();
    private final ExecutorService signalling = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "return-routability");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "binding-refresh");
        t.setDaemon(true);
        return t;
    });

    private RouteOptimizer(Supplier<DscoConfig> configs, Cluster cluster, Redirect fallback, NodeDataPlane plane,
                           Map<InetAddress, MhSocket> homeSockets, MhSocket careOfSocket) {
        this.configs = configs;
        this.cluster = cluster;
        this.fallback = fallback;
        this.plane = plane;
        this.homeSockets = homeSockets;
        this.careOfSocket = careOfSocket;
        List<MhSocket> all = new ArrayList<>(homeSockets.values());
        all.add(careOfSocket);
        this.inbox = new MobilityInbox(all);
        refresher.scheduleWithFixedDelay(this::refresh, 5, 5, TimeUnit.SECONDS);
        warmUp((Inet6Address) configs.get().nodeAddress());
    }

    /**
     * Signs a made-up update once, off the wire, so that the first real handoff does not pay for loading the
     * codec and initialising HMAC-SHA1 and SHA-1 (tens of milliseconds in a fresh JVM).
     */
    private static void warmUp(Inet6Address own) {
        BindingUpdateList scratch = new BindingUpdateList(Clock.systemUTC(), new SecureRandom());
        BindingUpdateList.ReturnRoutabilityStart start = scratch.startReturnRoutability(own, own, own);
        scratch.acceptHomeTest(own, own, new HomeTest(1, ((HomeTestInit) start.homeTestInit().message()).homeInitCookie(), 1));
        MobilityHeaderEncoder.encode(scratch.bindingUpdate(own, own, 0).message());
    }

    /**
     * Readies the data plane named by {@code ro.backend} and opens the Mobility Header sockets (one on each
     * service address, the home; one on the node's address, the care-of address). Throws naming what is
     * missing when the kernel cannot do it.
     */
    public static RouteOptimizer open(Supplier<DscoConfig> configs, Cluster cluster, Redirect fallback)
            throws IOException {
        DscoConfig c = configs.get();
        NodeDataPlane plane = NodeDataPlane.of(c);
        plane.enable();
        Map<InetAddress, MhSocket> homes = new LinkedHashMap<>();
        try {
            for (DscoConfig.Service s : c.services()) {
                homes.put(s.address(), MhSocket.open((Inet6Address) s.address()));
            }
            MhSocket careOf = MhSocket.open((Inet6Address) c.nodeAddress());
            log.info("route optimization on {} ({} data plane)", c.nodeName(), plane.name());
            return new RouteOptimizer(configs, cluster, fallback, plane, homes, careOf);
        } catch (IOException | RuntimeException e) {
            homes.values().forEach(MhSocket::close);
            plane.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------ the redirect of a handoff

    @Override
    public void redirect(String service, InetAddress client, String node) throws IOException {
        if (!(client instanceof Inet6Address c6)) {
            fallback.redirect(service, client, node); // no Mobile IPv6 over IPv4
            return;
        }
        DscoConfig c = configs.get();
        if (node.equals(c.nodeName())) {
            bindHere(service, c6);
            return;
        }
        PeerMessage r = cluster.call(node, new RouteOptimizationMessage.RouteOptimize(service, client), c.timeouts().ha().multipliedBy(2));
        if (!(r instanceof PeerMessage.Result res) || !res.ok()) {
            throw new IOException(node + " could not bind the client to itself: "
                    + (r instanceof PeerMessage.Result res ? res.reason() : String.valueOf(r)));
        }
        boundHere.remove(new Bound(service, c6));
        Inet6Address home = (Inet6Address) c.service(service).address();
        if (!c.contact().equals(c.nodeName())) { // the contact node keeps its entry: it numbers the updates
            updates.remove(c6, home);
        }
        try {
            plane.drop(home, c6); // the client's packets go to the receiver now; stragglers here are held and shipped
        } catch (IOException e) {
            log.warn("{} data plane: {}", plane.name(), e.getMessage());
        }
    }

    /** A donor asks this node to bind the client to itself. */
    public PeerMessage onRouteOptimize(String peer, RouteOptimizationMessage.RouteOptimize m) {
        if (!(m.client() instanceof Inet6Address c6)) {
            return new PeerMessage.Result(false, "route optimization needs an IPv6 client, not " + m.client().getHostAddress());
        }
        try {
            bindHere(m.service(), c6);
            return new PeerMessage.Result(true, "");
        } catch (IOException e) {
            log.warn("binding {} ({}) here for {} failed: {}", c6.getHostAddress(), m.service(), peer, e.getMessage());
            return new PeerMessage.Result(false, e.getMessage());
        }
    }

    /**
     * The receiver of a prepared handoff runs return routability while the donor still works (restore,
     * Prepared, its own round trip), so that the redirect that follows needs only the Binding Update.
     */
    @Override
    public void prepare(String service, InetAddress client) {
        if (!(client instanceof Inet6Address c6)) {
            return;
        }
        Bound key = new Bound(service, c6);
        ahead.put(key, new Ahead(System.nanoTime(), CompletableFuture.supplyAsync(() -> {
            try {
                return returnRoutability(service, c6, System.nanoTime() + configs.get().timeouts().ha().toNanos());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, signalling)));
    }

    /**
     * Binds the service address to this node at the client (the seed's startRO); on the contact node this
     * deregisters instead, so the client's packets take the home path to it again. Returns the sequence number used.
     */
    public int bindHere(String serviceId, Inet6Address client) throws IOException {
        synchronized (clientLocks.computeIfAbsent(client, k -> new Object())) {
            DscoConfig c = configs.get();
            Inet6Address home = home(c, serviceId);
            boolean atHome = c.contact().equals(c.nodeName());
            long deadline = System.nanoTime() + c.timeouts().ha().toNanos();
            int lifetime = atHome ? 0 : (int) (c.routeOptimization().lifetime().toSeconds() / 4);
            Inet6Address careOf = (Inet6Address) c.nodeAddress();
            boolean wasBound = boundHere.contains(new Bound(serviceId, client));
            boolean done = false;
            try {
                if (!atHome) {
                    plane.receiveAlong(home, careOf, client); // the acknowledgement already comes along the binding
                }
                Integer sequence = takeAhead(serviceId, client, deadline);
                for (int round = 0; round < 2; round++) { // a second round only if the client's nonces had expired
                    if (sequence == null) {
                        sequence = returnRoutability(serviceId, client, deadline);
                    }
                    Integer used = update(c, home, client, lifetime, sequence, deadline);
                    if (used != null) {
                        if (atHome) {
                            boundHere.remove(new Bound(serviceId, client));
                            plane.drop(home, client);
                        } else {
                            plane.sendAlong(home, careOf, client);
                            boundHere.add(new Bound(serviceId, client));
                        }
                        done = true;
                        log.debug("{} {} at {} (sequence {})", atHome ? "deregistered" : "bound", home.getHostAddress(),
                                client.getHostAddress(), used);
                        return used;
                    }
                    sequence = null;
                }
                throw new IOException("the client " + client.getHostAddress() + " refused our nonces twice");
            } finally {
                if (!done && !atHome && !wasBound) {
                    dropQuietly(home, client); // the client did not bind to this node
                }
            }
        }
    }

    private void dropQuietly(Inet6Address home, Inet6Address client) {
        try {
            plane.drop(home, client);
        } catch (IOException e) {
            log.warn("{} data plane: {}", plane.name(), e.getMessage());
        }
    }

    /** The sequence number of a return routability run ahead for this client, if it succeeded; null otherwise. */
    private Integer takeAhead(String service, Inet6Address client, long deadline) {
        Ahead a = ahead.remove(new Bound(service, client));
        if (a == null) {
            return null;
        }
        try {
            return a.sequence().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.debug("return routability run ahead for {} did not finish: {}", client.getHostAddress(), e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Home and Care-of Tests (only the Home Test on the contact node, which deregisters): afterwards the update
     * list holds fresh keygen tokens. Returns the sequence number the update must carry.
     */
    private int returnRoutability(String serviceId, Inet6Address client, long deadline) throws IOException {
        DscoConfig c = configs.get();
        Inet6Address home = home(c, serviceId);
        Inet6Address careOf = (Inet6Address) c.nodeAddress();
        boolean atHome = c.contact().equals(c.nodeName());
        BindingUpdateList.ReturnRoutabilityStart start = updates.startReturnRoutability(client, home, careOf);
        long homeCookie = ((HomeTestInit) start.homeTestInit().message()).homeInitCookie();
        long careOfCookie = ((CareOfTestInit) start.careOfTestInit().message()).careOfInitCookie();
        try {
            if (atHome) {
                CompletableFuture<HomeTest> hot = inbox.expectHomeTest(homeCookie);
                MhSocket s = homeSockets.get(home);
                s.send(start.homeTestInit());
                taken(updates.acceptHomeTest(client, home, await(hot, () -> s.send(start.homeTestInit()), deadline, "Home Test")), client);
                return updates.reserveSequence(client, home);
            }
            CompletableFuture<CareOfTest> cot = inbox.expectCareOfTest(careOfCookie);
            careOfSocket.send(start.careOfTestInit()); // the care-of test runs while the contact does the home test
            RouteOptimizationMessage.HomeTestRelayed h = relayHomeTest(c, serviceId, client, homeCookie, deadline);
            taken(updates.acceptHomeTest(client, home, new HomeTest(h.nonceIndex(), h.cookie(), h.token())), client);
            taken(updates.acceptCareOfTest(client, home, await(cot, () -> careOfSocket.send(start.careOfTestInit()), deadline, "Care-of Test")),
                    client);
            return h.sequence();
        } finally {
            inbox.forget(homeCookie, careOfCookie);
        }
    }

    /** A test answered a run that another one (a refresh, a second prepare) has replaced meanwhile. */
    private static void taken(boolean accepted, Inet6Address client) throws IOException {
        if (!accepted) {
            throw new IOException("return routability with " + client.getHostAddress() + " was restarted meanwhile");
        }
    }

    /** Sends the Binding Update and waits for its acknowledgement; null if return routability must run again. */
    private Integer update(DscoConfig c, Inet6Address home, Inet6Address client, int lifetime, int sequence, long deadline)
            throws IOException {
        MhSocket socket = homeSockets.get(home);
        BlockingQueue<DecodeResult.Decoded> acks = inbox.expectAcks(client, home);
        try {
            OutgoingMessage bu = updates.bindingUpdate(client, home, lifetime, sequence);
            socket.send(bu);
            long wait = FIRST_RETRANSMIT_NANOS;
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("no Binding Acknowledgement from " + client.getHostAddress() + " within " + c.timeouts().ha().toMillis() + " ms");
                }
                DecodeResult.Decoded ba = acks.poll(Math.min(wait, left), TimeUnit.NANOSECONDS);
                if (ba == null) {
                    socket.send(bu); // lost, or its acknowledgement was: a repeat is refused as not newer, then renumbered below
                    wait *= 2;
                    continue;
                }
                AcknowledgementOutcome o = updates.acceptAcknowledgement(client, home, ba);
                BindingAcknowledgement a = (BindingAcknowledgement) ba.message();
                switch (o) {
                    case ACCEPTED:
                        return a.sequence();
                    case REFUSED_RUN_RETURN_ROUTABILITY_AGAIN:
                        return null;
                    case REFUSED:
                        if (a.knownStatus() == BindingAckStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW) {
                            bu = updates.bindingUpdate(client, home, lifetime); // numbered past the client's
                            socket.send(bu);
                            continue;
                        }
                        throw new IOException("the client " + client.getHostAddress() + " refused the binding: status " + a.status()
                                + (a.knownStatus() == null ? "" : " (" + a.knownStatus().description() + ")"));
                    default:
                        log.warn("ignored a Binding Acknowledgement from {}: {}", client.getHostAddress(), o);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding " + client.getHostAddress());
        } finally {
            inbox.stopAcks(client, home);
        }
    }

    private RouteOptimizationMessage.HomeTestRelayed relayHomeTest(DscoConfig c, String service, Inet6Address client, long cookie, long deadline)
            throws IOException {
        Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
        PeerMessage r = cluster.call(c.contact(), new RouteOptimizationMessage.HomeTestRelay(service, client, cookie), left);
        if (!(r instanceof RouteOptimizationMessage.HomeTestRelayed h) || !h.ok() || h.cookie() != cookie) {
            throw new IOException("the contact node " + c.contact() + " did not run the home test: "
                    + (r instanceof RouteOptimizationMessage.HomeTestRelayed h ? h.reason() : String.valueOf(r)));
        }
        return h;
    }

    /** On the contact node: a server node's Home Test, run from the home (the service address). */
    public PeerMessage onHomeTestRelay(String peer, RouteOptimizationMessage.HomeTestRelay m) {
        DscoConfig c = configs.get();
        if (!c.contact().equals(c.nodeName())) {
            return relayRefused(c.nodeName() + " is not the contact node (" + c.contact() + " is)");
        }
        if (!(m.client() instanceof Inet6Address client)) {
            return relayRefused("route optimization needs an IPv6 client, not " + m.client().getHostAddress());
        }
        try {
            Inet6Address home = home(c, m.service());
            MhSocket s = homeSockets.get(home);
            OutgoingMessage hoti = new OutgoingMessage(new HomeTestInit(m.cookie()), home, client);
            CompletableFuture<HomeTest> hot = inbox.expectHomeTest(m.cookie());
            try {
                s.send(hoti);
                HomeTest t = await(hot, () -> s.send(hoti), System.nanoTime() + c.timeouts().ha().toNanos(), "Home Test");
                int sequence = updates.reserveSequence(client, home);
                return new RouteOptimizationMessage.HomeTestRelayed(true, "", t.homeNonceIndex(), t.homeInitCookie(), t.homeKeygenToken(), sequence);
            } finally {
                inbox.forget(m.cookie(), 0);
            }
        } catch (IOException e) {
            log.warn("home test of {} for {} failed: {}", client.getHostAddress(), peer, e.getMessage());
            return relayRefused(e.getMessage());
        }
    }

    private static RouteOptimizationMessage.HomeTestRelayed relayRefused(String why) {
        return new RouteOptimizationMessage.HomeTestRelayed(false, why, 0, 0, 0, 0);
    }

    // ------------------------------------------------------------------ the seed's API calls

    /** getBUSeqNo: the sequence number of this node's last update to the client, or -1 if there is none. */
    public int sequence(String service, Inet6Address client) throws IOException {
        BindingUpdateListEntry e = updates.lookup(client, home(configs.get(), service));
        return e == null ? -1 : e.sequence();
    }

    /**
     * deleteBU: this node forgets its binding update for the client (no message; the binding lapses). The client
     * keeps sending along the binding until then, so the data plane keeps accepting it for a lifetime more, unless
     * the client is bound here again meanwhile.
     */
    public boolean forget(String service, Inet6Address client) throws IOException {
        Bound key = new Bound(service, client);
        boundHere.remove(key);
        Inet6Address home = home(configs.get(), service);
        refresher.schedule(() -> {
            if (!boundHere.contains(key)) {
                dropQuietly(home, client);
            }
        }, configs.get().routeOptimization().lifetime().toSeconds(), TimeUnit.SECONDS);
        return updates.remove(client, home);
    }

    /** Clients bound to this node (refreshed before their bindings lapse). */
    public int bindings() {
        return boundHere.size();
    }

    // ------------------------------------------------------------------ upkeep

    /** Renews bindings whose acknowledged lifetime is two-thirds used: clients grant at most 420 s. */
    private void refresh() {
        long stale = System.nanoTime() - TimeUnit.SECONDS.toNanos(60); // tokens live 210 s; a minute is plenty
        ahead.values().removeIf(a -> a.startedNanos() < stale);
        Instant now = Instant.now();
        for (Bound b : List.copyOf(boundHere)) {
            try {
                BindingUpdateListEntry e = updates.lookup(b.client(), home(configs.get(), b.service()));
                if (e == null || e.acknowledgedUntil() == null) {
                    continue;
                }
                Duration left = Duration.between(now, e.acknowledgedUntil());
                if (left.compareTo(Duration.ofSeconds(e.lifetimeUnits() * 4L / 3)) < 0) {
                    bindHere(b.service(), b.client());
                }
            } catch (IOException | RuntimeException ex) {
                log.warn("refreshing the binding of {}: {}", b.client().getHostAddress(), ex.getMessage());
            }
        }
    }

    private interface Send {
        void run() throws IOException;
    }

    /** Waits for an answer, sending the request again after 150 ms, 300 ms, ... until the deadline. */
    private static <T> T await(CompletableFuture<T> answer, Send again, long deadline, String what) throws IOException {
        long wait = FIRST_RETRANSMIT_NANOS;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("no " + what + " from the client in time");
            }
            try {
                return answer.get(Math.min(wait, left), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                again.run();
                wait *= 2;
            } catch (ExecutionException e) {
                throw new IOException(e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for a " + what);
            }
        }
    }

    private static Inet6Address home(DscoConfig c, String serviceId) throws IOException {
        DscoConfig.Service s = c.service(serviceId);
        if (s == null) {
            throw new IOException("unknown service '" + serviceId + "'");
        }
        return (Inet6Address) s.address();
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        signalling.shutdownNow();
        inbox.close();
        plane.close();
    }
}
