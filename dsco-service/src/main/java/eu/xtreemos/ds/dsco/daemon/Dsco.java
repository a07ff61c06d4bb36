package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.GroupEvent;
import eu.xtreemos.ds.dsco.api.Op;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.events.GroupEventLog;
import eu.xtreemos.ds.dsco.handoff.ClientRegistry;
import eu.xtreemos.ds.dsco.handoff.HaSteering;
import eu.xtreemos.ds.dsco.handoff.HandoffDonor;
import eu.xtreemos.ds.dsco.handoff.HandoffEvents;
import eu.xtreemos.ds.dsco.handoff.HandoffJournal;
import eu.xtreemos.ds.dsco.handoff.HandoffReceiver;
import eu.xtreemos.ds.dsco.handoff.HandoffRecovery;
import eu.xtreemos.ds.dsco.handoff.HandoffRequests;
import eu.xtreemos.ds.dsco.handoff.HandoffState;
import eu.xtreemos.ds.dsco.handoff.PacketFilter;
import eu.xtreemos.ds.dsco.handoff.Redirect;
import eu.xtreemos.ds.dsco.membership.Incarnation;
import eu.xtreemos.ds.dsco.metrics.DscoMetrics;
import eu.xtreemos.ds.dsco.metrics.MetricsEndpoint;
import eu.xtreemos.ds.dsco.membership.Membership;
import eu.xtreemos.ds.dsco.membership.MembershipListener;
import eu.xtreemos.ds.dsco.peer.ClusterKeys;
import eu.xtreemos.ds.dsco.peer.PeerServer;
import eu.xtreemos.ds.dsco.protect.BackupKeeper;
import eu.xtreemos.ds.dsco.protect.BackupStore;
import eu.xtreemos.ds.dsco.protect.Checkpointer;
import eu.xtreemos.ds.dsco.protect.OutputHold;
import eu.xtreemos.ds.dsco.ro.RouteOptimizer;
import eu.xtreemos.ds.unix.UnixSeqpacketSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The dsco daemon of one node, wired: its UNIX-socket API (each operation to its handler, {@link #operations}), its
 * cluster link endpoint for the other nodes ({@link PeerDispatch}), the handoff's donor, receiver and recovery on the
 * packet filter, the socket engine and the redirect, and the contact-node policy. Every privileged action of
 * Distributed Servers happens in a dsco.
 */
public final class Dsco implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dsco.class);

    private final LiveConfig config;
    private final PacketFilter filter;
    private final ClusterLinks cluster;
    private final Receivers receivers = new Receivers();
    private final HandoffState handoffs;
    private final HandoffRecovery recovery;
    private final ContactPolicy contact;
    private final Map<Op, ApiServer.Handler> operations = new EnumMap<>(Op.class);
    private final ApiServer api;
    private final PeerServer peers;
    private final Membership membership; // null without failover
    private final OutputHold outputHold;
    private final Checkpointer checkpointer; // null without protected services
    private final BackupKeeper backups; // null without protected services
    private final RouteOptimizer routeOptimizer; // null in HA-steering mode
    private final DscoMetrics metrics = new DscoMetrics();
    /** The group's events as this node sees them (EVENTS); the newest 65,536 are kept. */
    private final GroupEventLog events = new GroupEventLog(65_536);
    private volatile MetricsEndpoint metricsEndpoint; // null when off (the default)

    public Dsco(DscoConfig initial, PacketFilter filter) throws Exception {
        this.config = new LiveConfig(initial);
        this.filter = filter;
        metrics.packetsFrom(filter::counts);
        ClusterKeys clusterKeys = ClusterKeys.read(initial.clusterKeyFile(), initial.previousClusterKeyFile());
        log.info("cluster link accepts {}", clusterKeys);
        this.cluster = new ClusterLinks(config, clusterKeys);
        ClientRegistry registry = new ClientRegistry(initial.nodeName());
        Redirect steering = new HaSteering(cluster);
        this.routeOptimizer = initial.redirectMode() == DscoConfig.RedirectMode.ROUTE_OPTIMIZATION
                ? RouteOptimizer.open(config, cluster, steering)
                : null;
        Redirect redirect = routeOptimizer != null ? routeOptimizer : steering;
        if (routeOptimizer != null) {
            metrics.bindingsFrom(routeOptimizer::bindings);
        }

        KernelConnectionEngine engine = new KernelConnectionEngine();
        this.handoffs = new HandoffState(config, filter, engine,
                new HandoffJournal(initial.stateDir().resolve(initial.nodeName())), HaltAtFaultPoint.of(initial.fault()));
        if (initial.protects()) {
            this.outputHold = NfqOutputHold.open(initial);
            this.checkpointer = new Checkpointer(config, filter, engine, handoffs::lockOf, cluster, outputHold, this::liveNodes);
        } else {
            this.outputHold = OutputHold.NONE;
            this.checkpointer = null;
        }
        HandoffEvents handoffEvents = checkpointer == null ? events : new ProtectingEvents(events, checkpointer);
        HandoffRequests requests = new HandoffRequests(receivers);
        HandoffDonor donor = new HandoffDonor(handoffs, cluster, redirect, registry, requests, metrics, handoffEvents);
        HandoffReceiver receiver = new HandoffReceiver(handoffs, redirect, receivers, registry, metrics, handoffEvents);
        config.watchContact(node -> events.note(GroupEvent.Kind.CONTACT_CHANGED, null, null, node, ""));
        this.recovery = new HandoffRecovery(handoffs, cluster, redirect);
        recovery.settleInFlightAtStart(); // first: the packet filter still holds what a crashed run had in flight

        this.contact = new ContactPolicy(config, cluster, metrics);
        PeerDispatch peerDispatch = new PeerDispatch(config, receiver, routeOptimizer, contact);
        this.peers = new PeerServer(new InetSocketAddress(initial.nodeAddress(), initial.clusterPort()), clusterKeys,
                initial.nodeName(), () -> config.get().nodes().keySet(), peerDispatch::handle); // nodes join and leave
        this.membership = initial.failover().enabled()
                ? new Membership(initial.nodeName(), initial.nodeAddress(), initial.failover().port(), initial.nodes(), clusterKeys,
                        initial.failover().detection().toMillis(), Incarnation.next(initial.stateDir().resolve(initial.nodeName())))
                : null;
        if (checkpointer != null) {
            this.backups = new BackupKeeper(config, this::liveNodes, new BackupStore(Runtime.getRuntime().maxMemory() / 4), receiver,
                    redirect);
            peerDispatch.backups(backups);
            membership.addListener(backups); // a protected service needs failover: the config checks it
            metrics.protectionFrom(() -> {
                Map<String, Long> m = new TreeMap<>();
                checkpointer.addCounts(m);
                backups.addCounts(m);
                return m;
            });
        } else {
            this.backups = null;
        }
        if (membership != null) {
            contact.watch(membership);
            membership.addListener((members, left, joined) -> metrics.membershipChanged(joined.size(), left.size()));
            membership.addListener((members, left, joined) -> {
                joined.forEach(n -> events.note(GroupEvent.Kind.NODE_JOINED, null, null, n, ""));
                left.forEach(n -> events.note(GroupEvent.Kind.NODE_LEFT, null, null, n, ""));
            });
            membership.join();
        }

        GroupAdmin group = new GroupAdmin(config, cluster, registry, membership);
        peerDispatch.groupAdmin(group);
        NodeQueries nodes = new NodeQueries(config, membership, registry);
        ConfigAdmin settings = new ConfigAdmin(config);
        HandoffApi handoff = new HandoffApi(config, receivers, donor, recovery, requests);
        BindingApi bindings = new BindingApi(config, routeOptimizer);
        StatsApi stats = new StatsApi(metrics);
        EventsApi eventsApi = new EventsApi(events);
        NodeDrain drain = new NodeDrain(config, cluster, membership, requests, handoffs, events);
        operations.put(Op.HELLO, (caller, rq, fds, conn) -> nodes.hello(rq));
        operations.put(Op.GET_ALL_NODES, (caller, rq, fds, conn) -> nodes.allNodes(rq));
        operations.put(Op.FIND_LOCAL_NODE, (caller, rq, fds, conn) -> nodes.localNode(rq));
        operations.put(Op.GET_ANYCAST_ADDR, (caller, rq, fds, conn) -> nodes.anycastAddresses(rq));
        operations.put(Op.LIST_SERVICES, (caller, rq, fds, conn) -> nodes.services(rq));
        operations.put(Op.GET_MEMBERS, (caller, rq, fds, conn) -> nodes.members(rq));
        operations.put(Op.LIST_CLIENTS, (caller, rq, fds, conn) -> nodes.clients(rq));
        operations.put(Op.DELETE_BU, (caller, rq, fds, conn) -> bindings.handle(rq));
        operations.put(Op.GET_BU_SEQ_NO, (caller, rq, fds, conn) -> bindings.handle(rq));
        operations.put(Op.START_RO, (caller, rq, fds, conn) -> bindings.handle(rq));
        operations.put(Op.SET_CONTACT_ADDR, (caller, rq, fds, conn) -> contact.setContactAddress(caller, rq));
        operations.put(Op.CHANGE_CONTACT, (caller, rq, fds, conn) -> contact.changeContact(caller, rq));
        operations.put(Op.REGISTER_RECEIVER, (caller, rq, fds, conn) -> handoff.registerReceiver(caller, rq, conn));
        operations.put(Op.DONATE, (caller, rq, fds, conn) -> handoff.donate(rq, fds));
        operations.put(Op.RECOVER, (caller, rq, fds, conn) -> handoff.recover(rq, fds));
        CheckpointApi checkpoints = new CheckpointApi(checkpointer);
        operations.put(Op.CHECKPOINT, (caller, rq, fds, conn) -> checkpoints.checkpoint(rq, fds));
        operations.put(Op.REQUEST_HANDOFF, (caller, rq, fds, conn) -> handoff.requestHandoff(rq));
        operations.put(Op.GET_CONFIG, (caller, rq, fds, conn) -> settings.get(rq));
        operations.put(Op.SET_CONFIG, (caller, rq, fds, conn) -> settings.set(caller, rq));
        operations.put(Op.STATS, (caller, rq, fds, conn) -> stats.stats(rq));
        operations.put(Op.EVENTS, (caller, rq, fds, conn) -> eventsApi.events(rq));
        operations.put(Op.DRAIN, (caller, rq, fds, conn) -> drain.drain(caller, rq));
        operations.put(Op.ADD_NODE, (caller, rq, fds, conn) -> group.addNode(caller, rq));
        operations.put(Op.REMOVE_NODE, (caller, rq, fds, conn) -> group.removeNode(caller, rq));
        operations.put(Op.SET_SUCCESSORS, (caller, rq, fds, conn) -> group.setSuccessors(caller, rq));
        this.api = new ApiServer(initial.apiSocket(),
                () -> new ApiServer.Access(config.get().apiUsers(), config.get().apiGroups(), config.get().adminGroup()), this::handle);
    }

    /** The live dsco daemons as the membership group sees them (this node alone without failover). */
    private List<String> liveNodes() {
        return membership == null ? List.of(config.get().nodeName()) : membership.members();
    }

    /** Serves until closed; the calling thread serves the API. */
    public void run() throws IOException {
        DscoConfig.Metrics m = config.get().metrics();
        if (m.listen() != null) {
            metricsEndpoint = MetricsEndpoint.start(m.listen(), metrics);
        }
        Thread t = new Thread(peers::run, "peer-server");
        t.setDaemon(true);
        t.start();
        contact.learnContact();
        Thread r = new Thread(recovery::recoverJournal, "journal-recovery"); // handoffs a crash cut short
        r.setDaemon(true);
        r.start();
        DscoConfig c = config.get();
        log.info("dsco {} ({}) serving {} on {} and cluster port {}", c.nodeName(), c.role().name().toLowerCase(),
                c.services().stream().map(DscoConfig.Service::id).collect(Collectors.toList()), c.apiSocket(), c.clusterPort());
        api.run();
    }

    public DscoConfig config() {
        return config.get();
    }

    /** From now on SIGHUP re-reads {@code file} and applies the keys that may change at run time. */
    public void reloadOnSighup(Path file) {
        SighupReload.install(new ConfigReload(file, config));
    }

    /** One API request, to the handler of its operation. */
    ApiMessage handle(Caller caller, ApiMessage rq, int[] fds, UnixSeqpacketSocket conn) throws Exception {
        ApiServer.Handler h = operations.get(rq.op());
        return h == null ? ApiMessage.error(rq, Status.UNKNOWN_OP, "unknown operation " + rq.opCode()) : h.handle(caller, rq, fds, conn);
    }

    /** For other services on this node (Virtual Nodes): membership changes of the dsco group. */
    public void addMembershipListener(MembershipListener l) {
        if (membership != null) {
            membership.addListener(l);
        }
    }

    /** Where the metrics endpoint listens, or null when it is off. */
    public InetSocketAddress metricsAddress() {
        MetricsEndpoint e = metricsEndpoint;
        return e == null ? null : e.address();
    }

    @Override
    public void close() throws IOException {
        if (metricsEndpoint != null) {
            metricsEndpoint.close();
        }
        api.close();
        peers.close();
        cluster.close();
        if (membership != null) {
            membership.close();
        }
        handoffs.close();
        if (checkpointer != null) {
            checkpointer.close();
            backups.close();
        }
        outputHold.close();
        if (routeOptimizer != null) {
            routeOptimizer.close();
        }
        receivers.close();
        filter.close();
    }
}
