package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.Attr;
import eu.xtreemos.ds.dsco.api.MalformedMessageException;
import eu.xtreemos.ds.dsco.api.Op;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.config.ConfigException;
import eu.xtreemos.ds.dsco.config.ConfigLoader;
import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.handoff.ClientRegistry;
import eu.xtreemos.ds.dsco.handoff.HandoffCoordinator;
import eu.xtreemos.ds.dsco.handoff.HaSteering;
import eu.xtreemos.ds.dsco.handoff.Redirect;
import eu.xtreemos.ds.dsco.ro.RouteOptimizer;
import eu.xtreemos.ds.dsco.handoff.HandoffJournal;
import eu.xtreemos.ds.dsco.handoff.LocalConnections;
import eu.xtreemos.ds.dsco.handoff.PacketFilter;
import eu.xtreemos.ds.dsco.membership.Incarnation;
import eu.xtreemos.ds.dsco.membership.Membership;
import eu.xtreemos.ds.dsco.membership.MembershipListener;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import eu.xtreemos.ds.dsco.peer.PeerServer;
import eu.xtreemos.ds.unix.UnixSeqpacketSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.time.Duration;

/**
 * The dsco daemon of one node: its UNIX-socket API for local applications, its cluster link endpoint
 * for the other nodes, the handoff coordinator and the packet filter. Every privileged action of
 * Distributed Servers happens here.
 */
public final class Dsco implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dsco.class);

    private volatile DscoConfig config;
    private final byte[] clusterKey;
    private final PacketFilter filter;
    private final ClusterLinks cluster;
    private final ClientRegistry registry;
    private final Receivers receivers = new Receivers();
    private final HandoffCoordinator coordinator;
    private final ApiServer api;
    private final PeerServer peers;
    private final Membership membership;
    private final RouteOptimizer routeOptimizer; // null in HA-steering mode

    public Dsco(DscoConfig config, PacketFilter filter) throws Exception {
        this.config = config;
        this.clusterKey = Files.readAllBytes(config.clusterKeyFile());
        this.filter = filter;
        this.cluster = new ClusterLinks(() -> this.config, clusterKey);
        this.registry = new ClientRegistry(config.nodeName());
        Redirect steering = new HaSteering(cluster);
        this.routeOptimizer = config.redirectMode() == DscoConfig.RedirectMode.ROUTE_OPTIMIZATION
                ? RouteOptimizer.open(() -> this.config, cluster, steering)
                : null;
        this.coordinator = new HandoffCoordinator(() -> this.config, filter, cluster,
                routeOptimizer != null ? routeOptimizer : steering, receivers, registry,
                new HandoffJournal(config.stateDir().resolve(config.nodeName())));
        coordinator.settleInFlightAtStart(); // first: the packet filter still holds what a crashed run had in flight
        this.peers = new PeerServer(new InetSocketAddress(config.nodeAddress(), config.clusterPort()), clusterKey,
                config.nodeName(), config.nodes().keySet(), this::handlePeer);
        this.membership = config.failover().enabled()
                ? new Membership(config.nodeName(), config.nodeAddress(), config.failover().port(), config.nodes(), clusterKey,
                        config.failover().detection().toMillis(), Incarnation.next(config.stateDir().resolve(config.nodeName())))
                : null;
        if (membership != null) {
            membership.addListener(this::onMembers);
            membership.join();
        }
        this.api = new ApiServer(config.apiSocket(),
                () -> new ApiServer.Access(this.config.apiUsers(), this.config.apiGroups(), this.config.adminGroup()), this::handle);
    }

    /** Serves until closed; the calling thread serves the API. */
    public void run() {
        Thread t = new Thread(peers::run, "peer-server");
        t.setDaemon(true);
        t.start();
        learnContact();
        Thread r = new Thread(coordinator::recoverJournal, "journal-recovery"); // handoffs a crash cut short
        r.setDaemon(true);
        r.start();
        log.info("dsco {} ({}) serving {} on {} and cluster port {}", config.nodeName(), config.role().name().toLowerCase(),
                config.services().stream().map(DscoConfig.Service::id).collect(Collectors.toList()), config.apiSocket(), config.clusterPort());
        api.run();
    }

    public DscoConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ API

    ApiMessage handle(Caller caller, ApiMessage rq, int[] fds, UnixSeqpacketSocket conn) throws Exception {
        DscoConfig c = config;
        switch (rq.op()) {
            case HELLO:
                return ApiMessage.reply(rq, Status.OK).add(Attr.VERSION, (short) ApiMessage.VERSION)
                        .add(Attr.NODE, c.nodeName()).add(Attr.ROLE, c.role().name().toLowerCase())
                        .add(Attr.MODE, c.redirectMode().name().toLowerCase().replace('_', '-'));
            case GET_ALL_NODES: {
                ApiMessage r = ApiMessage.reply(rq, Status.OK);
                c.nodes().forEach((name, a) -> r.add(Attr.NODE, name).add(Attr.NODE_ADDRESS, a)
                        .add(Attr.ROLE, name.equals(c.contact()) ? "contact" : "server"));
                return r;
            }
            case FIND_LOCAL_NODE:
                return ApiMessage.reply(rq, Status.OK).add(Attr.NODE, c.nodeName()).add(Attr.NODE_ADDRESS, c.nodeAddress());
            case GET_ANYCAST_ADDR: {
                DscoConfig.Service s = service(c, rq);
                ApiMessage r = ApiMessage.reply(rq, Status.OK).add(Attr.SERVICE, s.id()).add(Attr.ADDRESS, s.address());
                if (s.address4() != null) {
                    r.add(Attr.ADDRESS, s.address4());
                }
                return r;
            }
            case DELETE_BU:
            case GET_BU_SEQ_NO:
            case START_RO:
                return bindingCall(c, rq);
            case SET_CONTACT_ADDR: {
                InetAddress a = rq.address(Attr.ADDRESS);
                String node = c.nodes().entrySet().stream().filter(e -> e.getValue().equals(a)).map(Map.Entry::getKey)
                        .findFirst().orElse(null);
                if (node == null) {
                    return ApiMessage.error(rq, Status.BAD_REQUEST, a.getHostAddress() + " is not the address of a node");
                }
                config = c.withContact(node);
                log.info("{} set the contact node to {}", caller, node);
                return ApiMessage.reply(rq, Status.OK).add(Attr.NODE, node);
            }
            case REGISTER_RECEIVER: {
                DscoConfig.Service s = service(c, rq);
                receivers.register(s.id(), conn, caller);
                return ApiMessage.reply(rq, Status.OK).add(Attr.SERVICE, s.id());
            }
            case DONATE:
                return donate(rq, fds);
            case LIST_CLIENTS:
                return listClients(c, rq);
            case LIST_SERVICES:
                return listServices(c, rq);
            case GET_CONFIG:
                return getConfig(c, rq);
            case SET_CONFIG:
                return setConfig(caller, c, rq);
            case CHANGE_CONTACT:
                return changeContact(caller, c, rq);
            case REQUEST_HANDOFF:
                return requestHandoff(c, rq);
            case GET_MEMBERS: {
                ApiMessage r = ApiMessage.reply(rq, Status.OK).add(Attr.ROLE, c.contact());
                List<String> live = membership == null ? List.of(c.nodeName()) : membership.members();
                live.forEach(m -> r.add(Attr.NODE, m));
                return r;
            }
            case RECOVER: {
                HandoffCoordinator.Outcome o = coordinator.recover(rq.text(Attr.SERVICE), rq.address(Attr.ADDRESS), fds);
                return o.ok() ? ApiMessage.reply(rq, Status.OK).add(Attr.MODE, o.message()) : ApiMessage.error(rq, Status.FAILED, o.message());
            }
            default:
                return ApiMessage.error(rq, Status.UNKNOWN_OP, "unknown operation " + rq.opCode());
        }
    }

    private ApiMessage donate(ApiMessage rq, int[] fds) throws MalformedMessageException {
        String service = rq.text(Attr.SERVICE);
        InetAddress client = rq.address(Attr.ADDRESS);
        String target = rq.text(Attr.NODE);
        ApiMessage.Attribute blob = rq.first(Attr.BLOB);
        HandoffCoordinator.Outcome o = coordinator.donate(service, client, target, fds, blob == null ? new byte[0] : blob.value());
        CompletableFuture<HandoffCoordinator.Outcome> waiting = requested.remove(new Requested(service, client));
        if (waiting != null) {
            waiting.complete(o);
        }
        return outcome(rq, o);
    }

    /** The seed's deleteBU, getBUSeqNo and startRO: this node's binding updates for one client. */
    private ApiMessage bindingCall(DscoConfig c, ApiMessage rq) throws MalformedMessageException {
        if (routeOptimizer == null) {
            return ApiMessage.error(rq, Status.NOT_AVAILABLE, rq.op() + " is not available in redirect mode "
                    + c.redirectMode().name().toLowerCase().replace('_', '-')
                    + ": binding updates exist only with Mobile IPv6 route optimization");
        }
        DscoConfig.Service s = service(c, rq);
        if (!(rq.address(Attr.ADDRESS) instanceof Inet6Address client)) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, "binding updates are for IPv6 clients only");
        }
        try {
            switch (rq.op()) {
                case GET_BU_SEQ_NO: {
                    int seq = routeOptimizer.sequence(s.id(), client);
                    return seq < 0 ? ApiMessage.error(rq, Status.FAILED, "no binding update for " + client.getHostAddress())
                            : ApiMessage.reply(rq, Status.OK).add(Attr.SEQNO, seq);
                }
                case DELETE_BU:
                    return routeOptimizer.forget(s.id(), client) ? ApiMessage.reply(rq, Status.OK)
                            : ApiMessage.error(rq, Status.FAILED, "no binding update for " + client.getHostAddress());
                default: // START_RO: the sequence number comes from the contact node, a SEQNO given is not needed
                    return ApiMessage.reply(rq, Status.OK).add(Attr.SEQNO, routeOptimizer.bindHere(s.id(), client));
            }
        } catch (IOException e) {
            return ApiMessage.error(rq, Status.FAILED, e.getMessage());
        }
    }

    private static ApiMessage outcome(ApiMessage rq, HandoffCoordinator.Outcome o) {
        ApiMessage r = o.ok() ? ApiMessage.reply(rq, Status.OK) : ApiMessage.error(rq, Status.FAILED, o.message());
        return o.timeline().timings().addTo(r);
    }

    private record Requested(String service, InetAddress client) {
    }

    /** Operator requests waiting for the application's DONATE of that client. */
    private final Map<Requested, CompletableFuture<HandoffCoordinator.Outcome>> requested = new ConcurrentHashMap<>();

    /** An operator asks for a handoff: the application owns the client's state, so it is asked to donate. */
    private ApiMessage requestHandoff(DscoConfig c, ApiMessage rq) throws MalformedMessageException {
        DscoConfig.Service s = service(c, rq);
        InetAddress client = rq.address(Attr.ADDRESS);
        String node = rq.text(Attr.NODE);
        Requested key = new Requested(s.id(), client);
        CompletableFuture<HandoffCoordinator.Outcome> f = new CompletableFuture<>();
        if (requested.putIfAbsent(key, f) != null) {
            return ApiMessage.error(rq, Status.FAILED, "a handoff of " + client.getHostAddress() + " is already requested");
        }
        try {
            receivers.requestHandoff(s.id(), client, node);
            Duration wait = c.timeouts().flush().plus(c.timeouts().prepare()).plus(c.timeouts().ha()).plus(c.timeouts().commit())
                    .multipliedBy(2).plusSeconds(5);
            return outcome(rq, f.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (IOException e) {
            return ApiMessage.error(rq, Status.FAILED, e.getMessage());
        } catch (TimeoutException e) {
            return ApiMessage.error(rq, Status.FAILED, "the application did not hand " + client.getHostAddress() + " off in time");
        } catch (InterruptedException | ExecutionException e) {
            return ApiMessage.error(rq, Status.FAILED, e.toString());
        } finally {
            requested.remove(key, f);
        }
    }

    private ApiMessage listClients(DscoConfig c, ApiMessage rq) throws IOException {
        ApiMessage r = ApiMessage.reply(rq, Status.OK);
        String only = rq.textOr(Attr.SERVICE, null);
        for (DscoConfig.Service s : c.services()) {
            if (only != null && !only.equals(s.id())) {
                continue;
            }
            Map<InetAddress, Integer> here = localClients(s);
            here.forEach((client, n) -> r.add(Attr.SERVICE, s.id()).add(Attr.ADDRESS, client).add(Attr.NODE, c.nodeName())
                    .add(Attr.CONNECTIONS, n));
            for (ClientRegistry.Entry e : registry.entries()) {
                if (e.service().equals(s.id()) && !here.containsKey(e.client()) && !e.node().equals(c.nodeName())) {
                    r.add(Attr.SERVICE, s.id()).add(Attr.ADDRESS, e.client()).add(Attr.NODE, e.node()).add(Attr.CONNECTIONS, e.connections());
                }
            }
        }
        return r;
    }

    /** Each service of this node: SERVICE, then its ADDRESS (IPv6, then IPv4 if it has one) and PORT attributes. */
    private static ApiMessage listServices(DscoConfig c, ApiMessage rq) {
        ApiMessage r = ApiMessage.reply(rq, Status.OK);
        for (DscoConfig.Service s : c.services()) {
            r.add(Attr.SERVICE, s.id()).add(Attr.ADDRESS, s.address());
            if (s.address4() != null) {
                r.add(Attr.ADDRESS, s.address4());
            }
            for (int port : s.ports()) {
                r.add(Attr.PORT, (short) port);
            }
        }
        return r;
    }

    /** The settings shown by GET_CONFIG; the ones in {@link #RUNTIME_KEYS} can be changed. */
    private static Map<String, String> settings(DscoConfig c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("node.name", c.nodeName());
        m.put("node.address", c.nodeAddress().getHostAddress());
        m.put("node.role", c.role().name().toLowerCase());
        m.put("contact", c.contact());
        m.put("nodes", c.nodes().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().getHostAddress()).collect(Collectors.joining(", ")));
        for (DscoConfig.Service s : c.services()) {
            m.put("service." + s.id() + ".address", s.address().getHostAddress());
            if (s.address4() != null) {
                m.put("service." + s.id() + ".address4", s.address4().getHostAddress());
            }
            m.put("service." + s.id() + ".ports", s.ports().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        m.put("ha.address", c.haAddress().getHostAddress());
        m.put("ha.port", String.valueOf(c.haPort()));
        m.put("cluster.port", String.valueOf(c.clusterPort()));
        m.put("api.socket", c.apiSocket().toString());
        m.put("api.users", c.apiUsers().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        m.put("api.groups", c.apiGroups().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        m.put("admin.group", String.valueOf(c.adminGroup()));
        m.put("redirect.mode", c.redirectMode().name().toLowerCase().replace('_', '-'));
        m.put("filter.mode", c.filterMode().name().toLowerCase());
        m.put("filter.queue", String.valueOf(c.queueNum()));
        m.put("timeouts.flush", c.timeouts().flush().toMillis() + "ms");
        m.put("timeouts.prepare", c.timeouts().prepare().toMillis() + "ms");
        m.put("timeouts.commit", c.timeouts().commit().toMillis() + "ms");
        m.put("timeouts.ha", c.timeouts().ha().toMillis() + "ms");
        m.put("timeouts.grace", c.timeouts().grace().toMillis() + "ms");
        return m;
    }

    /** Keys that can be changed at run time; true = privileged (root or the admin group). */
    static final Map<String, Boolean> RUNTIME_KEYS = Map.of(
            "timeouts.flush", false, "timeouts.prepare", false, "timeouts.commit", false, "timeouts.ha", false,
            "timeouts.grace", false, "api.users", true, "api.groups", true);

    private ApiMessage getConfig(DscoConfig c, ApiMessage rq) {
        String only = rq.textOr(Attr.KEY, null);
        ApiMessage r = ApiMessage.reply(rq, Status.OK);
        settings(c).forEach((k, v) -> {
            if (only == null || only.equals(k)) {
                r.add(Attr.KEY, k).add(Attr.VALUE, v);
            }
        });
        if (only != null && r.first(Attr.KEY) == null) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, "unknown key '" + only + "'");
        }
        return r;
    }

    private synchronized ApiMessage setConfig(Caller caller, DscoConfig c, ApiMessage rq) throws MalformedMessageException {
        String key = rq.text(Attr.KEY);
        String value = rq.text(Attr.VALUE);
        Boolean privileged = RUNTIME_KEYS.get(key);
        if (privileged == null) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, "'" + key + "' cannot be changed at run time (changeable: "
                    + RUNTIME_KEYS.keySet().stream().sorted().collect(Collectors.joining(", ")) + ")");
        }
        if (privileged && !caller.privileged()) {
            log.warn("refused SET_CONFIG {} from {}: privileged setting", key, caller);
            return ApiMessage.error(rq, Status.DENIED, key + " is a privileged setting: root or the admin group only");
        }
        try {
            DscoConfig.Timeouts t = c.timeouts();
            switch (key) {
                case "timeouts.flush" -> config = c.withTimeouts(new DscoConfig.Timeouts(ConfigLoader.parseDuration(key, value), t.prepare(), t.commit(), t.ha(), t.grace()));
                case "timeouts.prepare" -> config = c.withTimeouts(new DscoConfig.Timeouts(t.flush(), ConfigLoader.parseDuration(key, value), t.commit(), t.ha(), t.grace()));
                case "timeouts.commit" -> config = c.withTimeouts(new DscoConfig.Timeouts(t.flush(), t.prepare(), ConfigLoader.parseDuration(key, value), t.ha(), t.grace()));
                case "timeouts.ha" -> config = c.withTimeouts(new DscoConfig.Timeouts(t.flush(), t.prepare(), t.commit(), ConfigLoader.parseDuration(key, value), t.grace()));
                case "timeouts.grace" -> config = c.withTimeouts(new DscoConfig.Timeouts(t.flush(), t.prepare(), t.commit(), t.ha(), ConfigLoader.parseDuration(key, value)));
                case "api.users" -> config = c.withAccess(ConfigLoader.parseIds(key, value), c.apiGroups());
                case "api.groups" -> config = c.withAccess(c.apiUsers(), ConfigLoader.parseIds(key, value));
                default -> throw new IllegalStateException(key);
            }
        } catch (ConfigException e) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, e.getMessage());
        }
        log.info("{} set {} = {}", caller, key, value);
        return ApiMessage.reply(rq, Status.OK).add(Attr.KEY, key).add(Attr.VALUE, settings(config).get(key));
    }

    private static DscoConfig.Service service(DscoConfig c, ApiMessage rq) throws MalformedMessageException {
        String id = rq.textOr(Attr.SERVICE, null);
        if (id == null) {
            return c.services().get(0);
        }
        DscoConfig.Service s = c.service(id);
        if (s == null) {
            throw new MalformedMessageException("unknown service '" + id + "' (this node serves "
                    + c.services().stream().map(DscoConfig.Service::id).collect(Collectors.toList()) + ")");
        }
        return s;
    }

    /**
     * The seed's ds takeover: {@code node} becomes the contact node. Clients the old contact node serves
     * are pinned to it at the HA first, so only new clients go to the new one; then every node is told.
     */
    private synchronized ApiMessage changeContact(Caller caller, DscoConfig c, ApiMessage rq) throws MalformedMessageException {
        String node = rq.text(Attr.NODE);
        if (!c.nodes().containsKey(node)) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, "unknown node '" + node + "' (known: " + c.nodes().keySet() + ")");
        }
        String only = rq.textOr(Attr.SERVICE, null);
        if (only != null && c.service(only) == null) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, "unknown service '" + only + "'");
        }
        String old = c.contact();
        if (!node.equals(old)) {
            for (DscoConfig.Service s : c.services()) {
                if (only != null && !only.equals(s.id())) {
                    continue;
                }
                List<InetAddress> pinned = clientsOf(old, s);
                try {
                    cluster.setContact(s.id(), node, pinned);
                } catch (IOException e) {
                    return ApiMessage.error(rq, Status.FAILED, "the HA did not change the contact node of " + s.id() + ": " + e.getMessage());
                }
                log.info("{}: contact node of {} {} -> {}, {} established clients stay", caller, s.id(), old, node, pinned.size());
            }
            for (String n : c.nodes().keySet()) {
                if (n.equals(c.nodeName())) {
                    continue;
                }
                try {
                    cluster.call(n, new PeerMessage.ContactChanged(node), c.timeouts().prepare());
                } catch (IOException e) {
                    log.warn("could not tell {} about the new contact node: {}", n, e.getMessage());
                }
            }
            config = config.withContact(node);
        }
        return ApiMessage.reply(rq, Status.OK).add(Attr.NODE, node);
    }

    /** The clients a node serves now (asked over the cluster link; none if it is unreachable). */
    private List<InetAddress> clientsOf(String node, DscoConfig.Service s) {
        if (node.equals(config.nodeName())) {
            try {
                return new ArrayList<>(localClients(s).keySet());
            } catch (IOException e) {
                log.warn("listing local clients: {}", e.getMessage());
                return List.of();
            }
        }
        try {
            PeerMessage m = cluster.call(node, new PeerMessage.ClientsQuery(s.id()), config.timeouts().prepare());
            return m instanceof PeerMessage.ClientsReply r ? r.clients() : List.of();
        } catch (IOException e) {
            log.warn("the old contact node {} did not list its clients ({}); none are pinned", node, e.getMessage());
            return List.of();
        }
    }

    private static Map<InetAddress, Integer> localClients(DscoConfig.Service s) throws IOException {
        List<InetAddress> locals = new ArrayList<>(List.of(s.address()));
        if (s.address4() != null) {
            locals.add(s.address4());
        }
        return LocalConnections.clients(locals, s.ports());
    }

    // ------------------------------------------------------------------ failover

    /** A (re)started dsco takes the contact node from the HA: a failover may have moved it since the file was written. */
    private void learnContact() {
        try {
            String now = cluster.contactAtHa(config.services().get(0).id());
            if (now != null && config.nodes().containsKey(now) && !now.equals(config.contact())) {
                log.info("the HA says the contact node is {}, not {} as configured", now, config.contact());
                config = config.withContact(now);
            }
        } catch (IOException e) {
            log.warn("could not ask the HA for the contact node ({}); using {} from the configuration", e.getMessage(), config.contact());
        }
    }

    /**
     * The contact node left the group (it died, or was cut off): the first node in the configured order that
     * answers makes itself the contact node — at the HA for every service, then on every node.
     * Its clients are gone with it; clients served by other nodes are not touched.
     */
    private void onMembers(List<String> members, List<String> left, List<String> joined) {
        DscoConfig c = config;
        if (!left.contains(c.contact())) {
            return;
        }
        Thread t = new Thread(() -> {
            // The successor is the first node in the configured order that answers: every node works it out
            // the same way, whatever view of the group it has this instant, and only the successor acts.
            int timeout = (int) Math.max(100, c.failover().detection().toMillis() / 3);
            String next = null;
            for (var n : c.nodes().entrySet()) {
                if (n.getKey().equals(c.contact())) {
                    continue;
                }
                try {
                    if (n.getKey().equals(c.nodeName()) || n.getValue().isReachable(timeout)) {
                        next = n.getKey();
                        break;
                    }
                } catch (IOException e) {
                    // not this one
                }
            }
            if (c.nodeName().equals(next) && awaitContactUnreachable(c.contact())) {
                failover(c.contact(), next);
            }
        }, "failover");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The contact node's dsco left the group. While the node still answers, only dsco may have gone
     * (restarting): its application serves its clients and accepts new ones, and moving the contact route
     * would cut them all off. So the node is watched: true once it stops answering (fail over), false once
     * its dsco is back in the group or the contact node changed meanwhile. Watching, not a single look: a
     * machine often loses its daemon a moment before it goes down itself (the failover benchmark's third
     * trial waited forever for a failover after one look had found the node still up).
     */
    private boolean awaitContactUnreachable(String dead) {
        long period = Math.max(100, config.failover().detection().toMillis() / 3);
        boolean warned = false;
        while (true) {
            DscoConfig c = config;
            if (!c.contact().equals(dead)) {
                return false; // someone changed it meanwhile
            }
            if (membership != null && membership.members().contains(dead)) {
                if (warned) {
                    log.info("failover: contact node {}'s dsco is back in the group", dead);
                }
                return false;
            }
            try {
                if (!c.nodes().get(dead).isReachable((int) period)) {
                    return true;
                }
            } catch (IOException e) {
                return true; // unreachable as far as we can tell
            }
            if (!warned) {
                log.warn("failover: contact node {}'s dsco left the group but the node answers; not failing over while it does", dead);
                warned = true;
            }
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private synchronized void failover(String dead, String next) {
        long t0 = System.nanoTime();
        DscoConfig c = config;
        if (!c.contact().equals(dead)) {
            return; // someone changed it meanwhile
        }
        for (DscoConfig.Service s : c.services()) {
            try {
                cluster.setContact(s.id(), next, List.of());
            } catch (IOException e) {
                log.error("failover: the HA did not make {} the contact node of {}: {}", next, s.id(), e.getMessage());
                return;
            }
        }
        config = config.withContact(next);
        for (String n : c.nodes().keySet()) {
            if (!n.equals(c.nodeName()) && !n.equals(dead)) {
                try {
                    cluster.call(n, new PeerMessage.ContactChanged(next), c.timeouts().prepare());
                } catch (IOException e) {
                    log.warn("failover: could not tell {} about the new contact node: {}", n, e.getMessage());
                }
            }
        }
        log.warn("failover: contact node {} left the group; {} is the contact node now ({} ms)", dead, next,
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** For other services on this node (Virtual Nodes): membership changes of the dsco group. */
    public void addMembershipListener(MembershipListener l) {
        if (membership != null) {
            membership.addListener(l);
        }
    }

    // ------------------------------------------------------------------ cluster

    PeerMessage handlePeer(String peer, PeerMessage m) {
        if (m instanceof PeerMessage.Prepare p) {
            return coordinator.onPrepare(peer, p);
        }
        if (m instanceof PeerMessage.Commit c) {
            return coordinator.onCommit(peer, c);
        }
        if (m instanceof PeerMessage.Abort a) {
            return coordinator.onAbort(peer, a);
        }
        if (m instanceof PeerMessage.StatusQuery q) {
            return coordinator.onStatus(q);
        }
        if (m instanceof PeerMessage.RouteOptimize ro) {
            return routeOptimizer == null ? new PeerMessage.Result(false, config.nodeName() + " is not in route-optimization mode")
                    : routeOptimizer.onRouteOptimize(peer, ro);
        }
        if (m instanceof PeerMessage.HomeTestRelay h) {
            return routeOptimizer == null
                    ? new PeerMessage.HomeTestRelayed(false, config.nodeName() + " is not in route-optimization mode", 0, 0, 0, 0)
                    : routeOptimizer.onHomeTestRelay(peer, h);
        }
        if (m instanceof PeerMessage.ClientsQuery q) {
            DscoConfig.Service s = config.service(q.service());
            try {
                return new PeerMessage.ClientsReply(s == null ? List.of() : new ArrayList<>(localClients(s).keySet()));
            } catch (IOException e) {
                return new PeerMessage.Result(false, e.getMessage());
            }
        }
        if (m instanceof PeerMessage.ContactChanged cc) {
            if (!config.nodes().containsKey(cc.node())) {
                return new PeerMessage.Result(false, "unknown node '" + cc.node() + "'");
            }
            config = config.withContact(cc.node());
            log.info("{} says the contact node is now {}", peer, cc.node());
            return new PeerMessage.Result(true, "");
        }
        return new PeerMessage.Result(false, "dsco does not handle " + m.getClass().getSimpleName());
    }

    @Override
    public void close() throws IOException {
        api.close();
        peers.close();
        cluster.close();
        if (membership != null) {
            membership.close();
        }
        coordinator.close();
        if (routeOptimizer != null) {
            routeOptimizer.close();
        }
        receivers.close();
        filter.close();
    }
}
