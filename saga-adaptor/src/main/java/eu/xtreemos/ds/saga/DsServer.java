package eu.xtreemos.ds.saga;

import eu.xtreemos.saga.spi.StreamServerSupport;
import eu.xtreemos.saga.spi.MetricImpl;
import eu.xtreemos.saga.spi.Metrics;
import eu.xtreemos.saga.spi.NoPermissions;
import eu.xtreemos.saga.spi.SagaCall;
import eu.xtreemos.saga.spi.SagaObjectBase;
import eu.xtreemos.saga.spi.TaskImpl;
import eu.xtreemos.saga.tcp.ChannelStream;
import eu.xtreemos.saga.tcp.TcpListener;
import eu.xtreemos.xosaga.DistributedServer;
import eu.xtreemos.xosaga.DistributedServerClient;
import eu.xtreemos.xosaga.DrainReport;
import eu.xtreemos.xosaga.GroupEvent;
import eu.xtreemos.xosaga.HandoffRequestHandler;
import eu.xtreemos.xosaga.Node;
import eu.xtreemos.xosaga.ReceiveHandler;
import eu.xtreemos.xosaga.ReceivedClient;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.monitoring.Callback;
import org.ogf.saga.session.Session;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.stream.StreamServer;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A distributed server on this node: listens on the service address and port for the clients that reach
 * this node, registers with dsco as the service's receiving application, and hands clients off through dsco.
 */
final class DsServer extends SagaObjectBase implements DistributedServer, StreamServerSupport,
        NoPermissions<StreamServer> {
    private static final Logger LOG = System.getLogger(DsServer.class.getName());

    /** dsco carries at most this much application state (docs/dsco-protocol.md, BLOB). */
    static final int MAX_STATE = 64 * 1024;

    private final URL url;
    private final DsUrl where;
    private final DscoGateway dsco;
    private final String service;
    private final boolean protectedService;
    private final String localNode;
    /** The node names dsco's configuration had when last asked: a handoff to another name asks again first. */
    private volatile List<String> nodeNames;
    private final TcpListener listener;
    private final Map<InetAddress, DistributedServerClientImpl> clients = new ConcurrentHashMap<>();
    private final BlockingQueue<ReceivedClient> received = new LinkedBlockingQueue<>();
    private final Metrics metrics = new Metrics(this);
    private final MetricImpl connectMetric, countMetric, durationMetric, failureMetric, receivedMetric, requestedMetric;
    private final AtomicLong handoffs = new AtomicLong(), failures = new AtomicLong();
    private final Closeable receiver; // null for a manager
    private final GroupWatch groupWatch;
    private volatile ReceiveHandler receiveHandler;
    private volatile HandoffRequestHandler requestHandler;
    private volatile boolean closed;

    DsServer(Session session, URL url, DsUrl where, DscoGateway dsco) throws SagaException {
        super(session);
        this.url = url;
        this.where = where;
        this.dsco = dsco;
        connectMetric = metrics.add(STREAMSERVER_CLIENTCONNECT, "a client connected", "ReadOnly", "1", "Trigger", "1");
        countMetric = metrics.add(DISTRIBUTEDSERVER_HANDOFF, "a client was handed off from here (value: how many so far)", "ReadOnly", "1", "Int", "0");
        durationMetric = metrics.add(DISTRIBUTEDSERVER_HANDOFFDURATION, "duration of the last handoff from here", "ReadOnly", "s", "Float", "0");
        failureMetric = metrics.add(DISTRIBUTEDSERVER_HANDOFFFAILED, "a handoff from here failed (value: how many so far)", "ReadOnly", "1", "Int", "0");
        receivedMetric = metrics.add(DISTRIBUTEDSERVER_CLIENTRECEIVED, "a client was handed to this node", "ReadOnly", "1", "String", "");
        requestedMetric = metrics.add(DISTRIBUTEDSERVER_HANDOFFREQUESTED, "an operator asked for a handoff", "ReadOnly", "1", "String", "");
        try {
            localNode = dsco.localNode();
            DscoGateway.Service found = findService(dsco.services());
            service = found.id();
            protectedService = found.protectedService();
            nodeNames = names(dsco.nodes());
        } catch (IOException e) {
            throw DscoErrors.toSaga(e, "ds server " + url, this);
        }
        groupWatch = new GroupWatch(dsco, metrics, "ds server " + url);
        if (where.manager()) { // watches and manages the group: serves no clients
            listener = null;
            receiver = null;
            return;
        }
        try {
            listener = new TcpListener(new InetSocketAddress(where.address(), where.port()));
        } catch (IOException e) {
            throw new NoSuccessException("ds server " + url + ": cannot listen on [" + where.address().getHostAddress()
                    + "]:" + where.port() + ": " + e.getMessage(), e, this);
        }
        StreamWarmup.run(sessionOrNull(), url, StreamWarmup.rounds()); // before clients can be handed here
        try {
            receiver = dsco.receive(service, new Events());
        } catch (IOException e) {
            closeQuietly(listener);
            throw DscoErrors.toSaga(e, "ds server " + url + ": registering as the receiver of " + service, this);
        }
    }

    /** The configured service whose address (and port) the URL names. */
    private DscoGateway.Service findService(List<DscoGateway.Service> services) throws IncorrectURLException {
        List<String> known = new ArrayList<>();
        for (DscoGateway.Service s : services) {
            known.add(s.id() + " " + s.addresses().stream().map(InetAddress::getHostAddress).toList() + " ports " + s.ports());
            boolean named = where.service().isEmpty() || where.service().equals(s.id());
            if (named && s.addresses().contains(where.address())) {
                if (!s.ports().isEmpty() && !s.ports().contains(where.port())) {
                    throw new IncorrectURLException("'" + url + "': port " + where.port() + " is not a port of service "
                            + s.id() + " (its ports: " + s.ports() + ")", this);
                }
                return s;
            }
        }
        throw new IncorrectURLException("'" + url + "' names no distributed server of node " + localNode
                + " (dsco at " + where.socket() + " knows: " + String.join("; ", known) + ")", this);
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing more to do
            }
        }
    }

    private void requireOpen(String call) throws IncorrectStateException {
        if (closed) {
            throw new IncorrectStateException(call + ": the distributed server " + url + " is closed", this);
        }
    }

    /** Open, and not a manager's object (which has no clients). */
    private void requireServing(String call) throws IncorrectStateException {
        requireOpen(call);
        if (where.manager()) {
            throw new IncorrectStateException(call + ": " + url + " is opened with role=manager, which serves no clients", this);
        }
    }

    // ------------------------------------------------------------------ clients

    private DistributedServerClientImpl track(ChannelStream s, DistributedServerClientImpl client) {
        DistributedServerClientImpl c = client != null ? client : clients.computeIfAbsent(s.remote().getAddress(), a -> new DistributedServerClientImpl(a, new byte[0]));
        c.add(s);
        s.onGone(gone -> {
            c.remove(gone);
            if (c.channelStreams().isEmpty()) {
                clients.remove(c.getAddress(), c);
            }
        });
        return c;
    }

    /**
     * Events from dsco, on the receiving thread. They never throw: dsco's client library ends the registration when
     * a handler throws, and this node would then refuse the clients handed to it until the adaptor registered again.
     * What goes wrong in the application's handlers is logged; an operator's request learns the outcome from the
     * handoff itself (or its absence).
     */
    private final class Events implements DscoGateway.Events {
        @Override
        public void received(InetAddress client, List<SocketChannel> channels, byte[] state) throws IOException {
            DistributedServerClientImpl c = new DistributedServerClientImpl(client, state);
            DistributedServerClientImpl old = clients.put(client, c);
            for (SocketChannel ch : channels) {
                track(ChannelStream.served(sessionOrNull(), url, ch), c);
            }
            if (old != null) {
                old.channelStreams().forEach(s -> track(s, c)); // streams the client opened here meanwhile are its own too
            }
            receivedMetric.fire(client.getHostAddress());
            ReceiveHandler h = receiveHandler;
            if (h == null) {
                received.add(c);
                return;
            }
            try {
                h.received(DsServer.this, c);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "the ReceiveHandler failed for " + client.getHostAddress(), e);
            }
        }

        @Override
        public void handoffRequested(InetAddress client, String node) {
            requestedMetric.fire(client.getHostAddress() + " " + node);
            DistributedServerClientImpl c = clients.get(client);
            HandoffRequestHandler h = requestHandler;
            String request = "handoff request for " + client.getHostAddress() + " to " + node;
            if (c == null) {
                LOG.log(Level.WARNING, request + " ignored: the client is not served here");
            } else if (h == null) {
                LOG.log(Level.WARNING, request + " ignored: the application set no HandoffRequestHandler");
            } else {
                try {
                    h.handoffRequested(DsServer.this, c, node);
                } catch (Exception e) {
                    LOG.log(Level.WARNING, request + ": the HandoffRequestHandler failed", e);
                }
            }
        }
    }

    @Override
    public List<DistributedServerClient> listClients() throws IncorrectStateException {
        requireOpen("listClients");
        return List.copyOf(clients.values());
    }

    @Override
    public DistributedServerClient getClient(Stream stream) throws IncorrectStateException, DoesNotExistException {
        requireOpen("getClient");
        for (DistributedServerClientImpl c : clients.values()) {
            if (c.channelStreams().contains(stream)) {
                return c;
            }
        }
        throw new DoesNotExistException("the stream is not an open stream of " + url, this);
    }

    // ------------------------------------------------------------------ serving

    @Override
    public URL getUrl() throws IncorrectStateException {
        requireOpen("getUrl");
        return url;
    }

    @Override
    public Stream serve() throws IncorrectStateException, NoSuccessException {
        return serve(-1f);
    }

    @Override
    public Stream serve(float timeoutInSeconds) throws IncorrectStateException, NoSuccessException {
        requireServing("serve");
        try {
            SocketChannel ch = listener.accept(timeoutInSeconds);
            if (ch == null) {
                return null;
            }
            ChannelStream s = ChannelStream.served(sessionOrNull(), url, ch);
            track(s, null);
            connectMetric.fire("1");
            return s;
        } catch (ClosedSelectorException | ClosedChannelException e) {
            throw new IncorrectStateException("serve: the distributed server " + url + " was closed", this);
        } catch (IOException e) {
            throw new NoSuccessException("serve on " + url + ": " + e.getMessage(), e, this);
        }
    }

    @Override
    public Stream connect() throws IncorrectStateException, TimeoutException, NoSuccessException {
        return connect(-1f);
    }

    @Override
    public Stream connect(float timeoutInSeconds) throws IncorrectStateException, TimeoutException, NoSuccessException {
        requireOpen("connect");
        ChannelStream s = new ChannelStream(sessionOrNull(), url, new InetSocketAddress(where.address(), where.port()));
        s.connect(timeoutInSeconds);
        return s;
    }

    @Override
    public void close() {
        close(0f);
    }

    @Override
    public void close(float timeoutInSeconds) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        groupWatch.close();
        closeQuietly(receiver);
        closeQuietly(listener);
        closeQuietly(dsco);
        metrics.close();
    }

    // ------------------------------------------------------------------ distributed server

    @Override
    public String getServiceId() throws IncorrectStateException {
        requireOpen("getServiceId");
        return service;
    }

    @Override
    public List<Node> getNodes() throws IncorrectStateException, AuthorizationFailedException, NoSuccessException {
        requireOpen("getNodes");
        try {
            return dsco.nodes();
        } catch (IOException e) {
            throw noSuccess(e, "getNodes");
        }
    }

    private NoSuccessException noSuccess(IOException e, String what) throws AuthorizationFailedException {
        SagaException s = DscoErrors.toSaga(e, what, this);
        if (s instanceof AuthorizationFailedException a) {
            throw a;
        }
        return new NoSuccessException(s.getMessage(), e, this);
    }

    @Override
    public Node getLocalNode() throws IncorrectStateException, AuthorizationFailedException, NoSuccessException {
        for (Node n : getNodes()) {
            if (n.name().equals(localNode)) {
                return n;
            }
        }
        throw new NoSuccessException("dsco lists no node called " + localNode + " (this node)", this);
    }

    @Override
    public Node getContactNode() throws IncorrectStateException, AuthorizationFailedException, NoSuccessException {
        for (Node n : getNodes()) {
            if (n.isContact()) {
                return n;
            }
        }
        throw new NoSuccessException("dsco lists no contact node", this);
    }

    @Override
    public InetAddress getAnycastAddress() throws IncorrectStateException {
        requireOpen("getAnycastAddress");
        return where.address();
    }

    @Override
    public Map<String, Integer> getClientCounts() throws IncorrectStateException, AuthorizationFailedException,
            NoSuccessException {
        requireOpen("getClientCounts");
        try {
            return dsco.clientCounts(service);
        } catch (IOException e) {
            throw noSuccess(e, "getClientCounts");
        }
    }

    @Override
    public void handoff(DistributedServerClient client, String node, byte[] state) throws BadParameterException,
            IncorrectStateException, PermissionDeniedException, AuthorizationFailedException, TimeoutException,
            NoSuccessException, NotImplementedException {
        requireServing("handoff");
        byte[] st = state == null ? new byte[0] : state;
        if (client == null || node == null || node.isBlank()) {
            throw new BadParameterException("handoff needs a client and a node", this);
        }
        String who = "handoff of " + client.getAddress().getHostAddress() + " to " + node;
        if (st.length > MAX_STATE) {
            throw new BadParameterException(who + ": the state has " + st.length + " bytes, at most " + MAX_STATE + " travel", this);
        }
        if (node.equals(localNode)) {
            throw new BadParameterException(who + ": the client is already served by " + node, this);
        }
        requireKnownNode(node, who);
        DistributedServerClientImpl c = clients.get(client.getAddress());
        List<ChannelStream> streams = c == null ? List.of() : c.channelStreams();
        if (streams.isEmpty()) {
            throw new IncorrectStateException(who + ": the client has no open stream on " + localNode, this);
        }
        List<SocketChannel> channels = new ArrayList<>();
        List<ChannelStream> frozen = new ArrayList<>();
        long t0 = System.nanoTime();
        synchronized (c.pauseLock) { // frozen until thawed or handed off: no checkpoint in between
            try {
                for (ChannelStream s : streams) {
                    channels.add(s.freezeForHandoff());
                    frozen.add(s);
                }
                dsco.donate(service, c.getAddress(), node, channels, st);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                streams.forEach(ChannelStream::thaw); // the one interrupted while freezing too
                failed();
                throw new NoSuccessException(who + ": interrupted before the handoff began", e, this);
            } catch (IncorrectStateException e) {
                frozen.forEach(ChannelStream::thaw);
                failed();
                throw e;
            } catch (IOException e) {
                frozen.forEach(ChannelStream::thaw); // dsco re-activated the sockets here: they are ours again
                failed();
                SagaException s = DscoErrors.toSaga(e, who, this);
                rethrowHandoff(s);
            }
            for (ChannelStream s : streams) {
                s.handedOff(node);
            }
        }
        clients.remove(c.getAddress(), c);
        durationMetric.fire(String.valueOf((System.nanoTime() - t0) / 1e9));
        countMetric.fire(String.valueOf(handoffs.incrementAndGet()));
    }

    @Override
    public boolean isProtected() throws IncorrectStateException {
        requireOpen("isProtected");
        return protectedService;
    }

    private void requireProtected(String who) throws IncorrectStateException {
        if (!protectedService) {
            throw new IncorrectStateException(who + ": service " + service + " is not protected (no backup node takes"
                    + " checkpoints; dsco's configuration decides)", this);
        }
    }

    @Override
    public long checkpoint(DistributedServerClient client, byte[] state) throws NotImplementedException,
            BadParameterException, IncorrectStateException, AuthorizationFailedException, NoSuccessException {
        requireServing("checkpoint");
        if (client == null) {
            throw new BadParameterException("checkpoint needs a client", this);
        }
        byte[] st = state == null ? new byte[0] : state;
        String who = "checkpoint of " + client.getAddress().getHostAddress();
        requireProtected(who);
        if (st.length > MAX_STATE) {
            throw new BadParameterException(who + ": the state has " + st.length + " bytes, at most " + MAX_STATE + " travel", this);
        }
        DistributedServerClientImpl c = clients.get(client.getAddress());
        if (c == null) {
            throw new IncorrectStateException(who + ": the client has no open stream on " + localNode, this);
        }
        // Paused for the dump: in repair mode a write fails and a read disturbs it. One pause at a time per client.
        synchronized (c.pauseLock) {
            List<ChannelStream> streams = c.channelStreams();
            List<SocketChannel> channels = new ArrayList<>();
            try {
                for (ChannelStream s : streams) {
                    try {
                        channels.add(s.pauseForCheckpoint());
                    } catch (IncorrectStateException e) {
                        // closed meanwhile: not a connection of the client any more
                    }
                }
                if (channels.isEmpty()) {
                    throw new IncorrectStateException(who + ": the client has no open stream on " + localNode, this);
                }
                return dsco.checkpoint(service, c.getAddress(), channels, st);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NoSuccessException(who + ": interrupted before the checkpoint", e, this);
            } catch (IOException e) {
                throw checkpointFailure(e, who);
            } finally {
                streams.forEach(ChannelStream::thaw); // the sockets are live and ours again, whatever dsco answered
            }
        }
    }

    @Override
    public Task<DistributedServer, Long> checkpoint(TaskMode mode, DistributedServerClient client, byte[] state) {
        return TaskImpl.create(mode, sessionOrNull(), this, () -> checkpoint(client, state));
    }

    @Override
    public long checkpointEnded(DistributedServerClient client) throws NotImplementedException, BadParameterException,
            IncorrectStateException, AuthorizationFailedException, NoSuccessException {
        requireServing("checkpointEnded");
        if (client == null) {
            throw new BadParameterException("checkpointEnded needs a client", this);
        }
        String who = "checkpointEnded of " + client.getAddress().getHostAddress();
        requireProtected(who);
        DistributedServerClientImpl c = clients.get(client.getAddress());
        int open = c == null ? 0 : c.channelStreams().size();
        if (open > 0) {
            throw new IncorrectStateException(who + ": the client has " + open + " open stream(s) on " + localNode
                    + " (checkpoint it instead)", this);
        }
        try {
            return dsco.checkpoint(service, client.getAddress(), List.of(), new byte[0]);
        } catch (IOException e) {
            throw checkpointFailure(e, who);
        }
    }

    /** A failed checkpoint: the declared SAGA exceptions are thrown; anything else is returned as a NoSuccessException to throw. */
    private NoSuccessException checkpointFailure(IOException e, String who) throws BadParameterException,
            AuthorizationFailedException, NotImplementedException {
        SagaException s = DscoErrors.toSaga(e, who, this);
        if (s instanceof BadParameterException x) throw x;
        if (s instanceof AuthorizationFailedException x) throw x;
        if (s instanceof NotImplementedException x) throw x;
        return new NoSuccessException(s.getMessage() + " (the client's output stays held until a checkpoint succeeds)", e, this);
    }

    private static List<String> names(List<Node> nodes) {
        return nodes.stream().map(Node::name).toList();
    }

    /** A node dsco does not know is the caller's mistake, told before anything is frozen. */
    private void requireKnownNode(String node, String who) throws BadParameterException, AuthorizationFailedException,
            NoSuccessException {
        if (nodeNames.contains(node)) {
            return;
        }
        try {
            nodeNames = names(dsco.nodes()); // the configuration may have changed since
        } catch (IOException e) {
            throw noSuccess(e, who);
        }
        if (!nodeNames.contains(node)) {
            throw new BadParameterException(who + ": no node '" + node + "' in this distributed server (its nodes: "
                    + String.join(", ", nodeNames) + ")", this);
        }
    }

    private void failed() {
        failureMetric.fire(String.valueOf(failures.incrementAndGet()));
    }

    private void rethrowHandoff(SagaException s) throws BadParameterException, PermissionDeniedException,
            AuthorizationFailedException, NotImplementedException, NoSuccessException {
        if (s instanceof BadParameterException x) throw x;
        if (s instanceof PermissionDeniedException x) throw x;
        if (s instanceof AuthorizationFailedException x) throw x;
        if (s instanceof NotImplementedException x) throw x;
        throw new NoSuccessException(s.getMessage(), s.getCause(), this);
    }

    @Override
    public Task<DistributedServer, Void> handoff(TaskMode mode, DistributedServerClient client, String node, byte[] state) {
        return TaskImpl.create(mode, sessionOrNull(), this, () -> {
            handoff(client, node, state);
            return null;
        });
    }

    @Override
    public ReceivedClient receive() throws IncorrectStateException, NoSuccessException {
        return receive(-1f);
    }

    @Override
    public ReceivedClient receive(float timeoutInSeconds) throws IncorrectStateException, NoSuccessException {
        requireServing("receive");
        if (receiveHandler != null) {
            throw new IncorrectStateException("receive: a ReceiveHandler takes the received clients", this);
        }
        try {
            long ms = timeoutInSeconds < 0 ? Long.MAX_VALUE : (long) (timeoutInSeconds * 1000);
            long deadline = System.currentTimeMillis() + Math.min(ms, Long.MAX_VALUE / 2);
            while (true) {
                ReceivedClient c = received.poll(Math.max(0, Math.min(200, deadline - System.currentTimeMillis())), TimeUnit.MILLISECONDS);
                if (c != null) {
                    return c;
                }
                requireServing("receive");
                if (System.currentTimeMillis() >= deadline) {
                    return null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoSuccessException("receive interrupted", e, this);
        }
    }

    @Override
    public Task<DistributedServer, ReceivedClient> receive(TaskMode mode, float timeoutInSeconds) {
        return TaskImpl.create(mode, sessionOrNull(), this, () -> receive(timeoutInSeconds));
    }

    @Override
    public void setReceiveHandler(ReceiveHandler handler) throws IncorrectStateException {
        requireServing("setReceiveHandler");
        receiveHandler = handler;
        if (handler != null) {
            for (ReceivedClient c; (c = received.poll()) != null; ) {
                try {
                    handler.received(this, c);
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "the receive handler failed for " + c.getAddress().getHostAddress(), e);
                }
            }
        }
    }

    @Override
    public void setHandoffRequestHandler(HandoffRequestHandler handler) throws IncorrectStateException {
        requireOpen("setHandoffRequestHandler");
        requestHandler = handler;
    }

    @Override
    public void changeContactNode(String node) throws BadParameterException, IncorrectStateException,
            PermissionDeniedException, AuthorizationFailedException, NoSuccessException {
        requireOpen("changeContactNode");
        try {
            dsco.changeContact(service, node);
        } catch (IOException e) {
            SagaException s = DscoErrors.toSaga(e, "changeContactNode " + node, this);
            if (s instanceof BadParameterException x) throw x;
            if (s instanceof PermissionDeniedException x) throw x;
            if (s instanceof AuthorizationFailedException x) throw x;
            throw new NoSuccessException(s.getMessage(), e, this);
        }
    }

    // ------------------------------------------------------------------ group events and management

    @Override
    public int addCallback(String name, Callback cb) throws DoesNotExistException, IncorrectStateException {
        requireOpen("addCallback");
        int cookie = metrics.addCallback(name, cb);
        if (groupWatch.isGroupMetric(name)) {
            groupWatch.start();
        }
        return cookie;
    }

    @Override
    public List<GroupEvent> getGroupEvents(String epoch, long afterSequence, float timeoutInSeconds) throws BadParameterException,
            IncorrectStateException, AuthorizationFailedException, NoSuccessException {
        requireOpen("getGroupEvents");
        if (!(timeoutInSeconds >= 0 && timeoutInSeconds <= 60)) {
            throw new BadParameterException("getGroupEvents: timeout " + timeoutInSeconds + " s is not within 0..60", this);
        }
        try {
            return dsco.events(epoch, afterSequence, Math.round(timeoutInSeconds * 1000)).events();
        } catch (IOException e) {
            SagaException s = DscoErrors.toSaga(e, "getGroupEvents after " + afterSequence, this);
            if (s instanceof BadParameterException x) throw x;
            if (s instanceof AuthorizationFailedException x) throw x;
            throw new NoSuccessException(s.getMessage(), e, this);
        }
    }

    @Override
    public void watchGroupEvents(String epoch, long afterSequence) throws IncorrectStateException {
        requireOpen("watchGroupEvents");
        groupWatch.from(epoch, afterSequence);
    }

    @Override
    public DrainReport drain() throws IncorrectStateException, PermissionDeniedException, AuthorizationFailedException,
            NoSuccessException {
        requireOpen("drain");
        if (getContactNode().name().equals(localNode)) {
            throw new IncorrectStateException("drain: " + localNode + " is the contact node, where new clients arrive;"
                    + " make another node the contact node first (changeContactNode)", this);
        }
        try {
            return dsco.drain(service);
        } catch (IOException e) {
            throw managementFailure(e, "drain of " + localNode);
        }
    }

    @Override
    public void resumeAfterDrain() throws IncorrectStateException, PermissionDeniedException, AuthorizationFailedException,
            NoSuccessException {
        requireOpen("resumeAfterDrain");
        try {
            dsco.resumeAfterDrain();
        } catch (IOException e) {
            throw managementFailure(e, "resumeAfterDrain on " + localNode);
        }
    }

    /** A privileged call's failure, as the SAGA exception it declares. */
    private NoSuccessException managementFailure(IOException e, String what) throws PermissionDeniedException,
            AuthorizationFailedException {
        SagaException s = DscoErrors.toSaga(e, what, this);
        if (s instanceof PermissionDeniedException x) throw x;
        if (s instanceof AuthorizationFailedException x) throw x;
        return new NoSuccessException(s.getMessage(), e, this);
    }

    @Override
    public void addNode(String node, InetAddress address) throws BadParameterException, IncorrectStateException,
            PermissionDeniedException, AuthorizationFailedException, NoSuccessException {
        requireOpen("addNode");
        if (node == null || address == null) {
            throw new BadParameterException("addNode: the node's name and address are required", this);
        }
        if (!(address instanceof Inet6Address)) {
            throw new BadParameterException("addNode " + node + ": the address must be IPv6, not " + address.getHostAddress(), this);
        }
        String what = "addNode " + node + " " + address.getHostAddress();
        try {
            dsco.addNode(node, address);
        } catch (IOException e) {
            throw groupError(e, what);
        }
    }

    @Override
    public void removeNode(String node) throws BadParameterException, IncorrectStateException,
            PermissionDeniedException, AuthorizationFailedException, NoSuccessException {
        requireOpen("removeNode");
        if (node == null) {
            throw new BadParameterException("removeNode: the node's name is required", this);
        }
        try {
            dsco.removeNode(node);
        } catch (IOException e) {
            throw groupError(e, "removeNode " + node);
        }
    }

    @Override
    public void setContactSuccessors(List<String> nodes) throws BadParameterException, IncorrectStateException,
            PermissionDeniedException, AuthorizationFailedException, NoSuccessException {
        requireOpen("setContactSuccessors");
        if (nodes == null || nodes.stream().anyMatch(java.util.Objects::isNull)) {
            throw new BadParameterException("setContactSuccessors: a list of node names is required (empty: the configured order)", this);
        }
        try {
            dsco.setSuccessors(List.copyOf(nodes));
        } catch (IOException e) {
            throw groupError(e, "setContactSuccessors " + nodes);
        }
    }

    /** A failed group change: the declared SAGA exceptions are thrown; anything else is returned as a NoSuccessException to throw. */
    private NoSuccessException groupError(IOException e, String what) throws BadParameterException, PermissionDeniedException,
            AuthorizationFailedException {
        SagaException s = DscoErrors.toSaga(e, what, this);
        if (s instanceof BadParameterException x) throw x;
        if (s instanceof PermissionDeniedException x) throw x;
        if (s instanceof AuthorizationFailedException x) throw x;
        return new NoSuccessException(s.getMessage(), e, this);
    }

    // ------------------------------------------------------------------ SAGA plumbing

    @Override
    public String permissionsNotice() {
        return "who may serve a distributed server is decided by dsco's configuration (api.users, api.groups)";
    }

    @Override
    public Metrics metrics() {
        return metrics;
    }

    @Override
    public <E> Task<StreamServer, E> taskOf(TaskMode mode, SagaCall<E> call) {
        return TaskImpl.create(mode, sessionOrNull(), this, call);
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        throw new CloneNotSupportedException("a distributed server owns its listening socket and dsco registration");
    }

    @Override
    public String toString() {
        return "distributed server " + service + " on " + localNode + " (" + url + ")";
    }
}
