package eu.xtreemos.ds.dsco.client;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.Attr;
import eu.xtreemos.ds.dsco.api.GroupEvent;
import eu.xtreemos.ds.dsco.api.HandoffTimings;
import eu.xtreemos.ds.dsco.api.MalformedMessageException;
import eu.xtreemos.ds.dsco.api.Op;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.tcp.ChannelSocket;
import eu.xtreemos.ds.unix.FdChannels;
import eu.xtreemos.ds.unix.UnixMessage;
import eu.xtreemos.ds.unix.UnixSeqpacketSocket;
import eu.xtreemos.ds.unix.UnixSocketLimits;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Java client of the dsco API (docs/dsco-protocol.md), for unprivileged applications: the seed's
 * Figure 3 calls, handoffs (donate a client, receive clients), client listing and configuration.
 * One request at a time per client; a receiver uses its own connection ({@link #receive}).
 */
public final class DscoClient implements Closeable {
    static final UnixSocketLimits LIMITS = new UnixSocketLimits(ApiMessage.MAX_SIZE, Op.FDS_PER_MESSAGE);

    public record Node(String name, InetAddress address, String role) {
    }

    public record ClientInfo(String service, InetAddress client, String node, int connections) {
    }

    /** A client handed to this application: live channels and the donor's application state. */
    public record Received(String service, InetAddress client, List<SocketChannel> channels, byte[] appState) {
    }

    /** Called for every client received, and for operators' handoff requests; runs on the receiver's thread. */
    public interface ReceiveHandler {
        void received(Received r) throws Exception;

        /** An operator asked (dsctl handoff) that {@code client} be handed to {@code node}; donate it, or ignore. */
        default void handoffRequested(String service, InetAddress client, String node) throws Exception {
        }
    }

    /** A distributed server this dsco serves: its id, its service addresses (IPv6 first) and its ports. */
    public record Service(String id, List<InetAddress> addresses, List<Integer> ports, boolean protectedService) {
    }

    /** Operator: asks the service's application on this node to hand {@code client} to {@code node}; returns its timings. */
    public HandoffTimings requestHandoff(String service, InetAddress client, String node) throws IOException {
        ApiMessage rq = request(Op.REQUEST_HANDOFF).add(Attr.ADDRESS, client).add(Attr.NODE, node);
        if (service != null) {
            rq.add(Attr.SERVICE, service);
        }
        return timings(call(rq));
    }

    private static HandoffTimings timings(ApiMessage r) throws IOException {
        try {
            return HandoffTimings.from(r);
        } catch (MalformedMessageException e) {
            throw new IOException("dsco sent malformed timings: " + e.getMessage(), e);
        }
    }

    private final Path socketPath;
    private final UnixSeqpacketSocket socket;
    private final AtomicInteger ids = new AtomicInteger();

    private DscoClient(Path socketPath, UnixSeqpacketSocket socket) {
        this.socketPath = socketPath;
        this.socket = socket;
    }

    public static DscoClient connect(Path socket) throws IOException {
        UnixSeqpacketSocket s;
        try {
            s = UnixSeqpacketSocket.connect(socket, LIMITS);
        } catch (IOException e) {
            throw new IOException("cannot reach dsco at " + socket + ": " + e.getMessage(), e);
        }
        return new DscoClient(socket, s);
    }

    /** A request with any number of fds: FDS parts first (each acknowledged), the request with the rest. */
    private synchronized ApiMessage callWithFds(ApiMessage rq, String service, InetAddress client, int[] fds) throws IOException {
        int at = 0;
        while (fds.length - at > Op.FDS_PER_MESSAGE) {
            call(request(Op.FDS).add(Attr.SERVICE, service).add(Attr.ADDRESS, client),
                    Arrays.copyOfRange(fds, at, at + Op.FDS_PER_MESSAGE));
            at += Op.FDS_PER_MESSAGE;
        }
        return call(rq, Arrays.copyOfRange(fds, at, fds.length));
    }

    /** Sends a request (with fds) and returns the OK reply, or throws what dsco said. */
    synchronized ApiMessage call(ApiMessage request, int... fds) throws IOException {
        try {
            socket.send(request.encode(), fds);
        } catch (IOException e) {
            refusal(); // dsco may have refused this caller and closed: its reason is waiting to be read
            throw e;
        }
        try (UnixMessage m = socket.receive()) {
            if (m == null) {
                throw new IOException("dsco closed the connection (is this user allowed by api.users / api.groups?)");
            }
            ApiMessage reply = ApiMessage.decode(m.data(), m.data().length);
            if (reply.status() != Status.OK) {
                throw new DscoException(reply.status(), reply.textOr(Attr.ERROR, reply.status().name()));
            }
            return reply;
        } catch (MalformedMessageException e) {
            throw new IOException("dsco sent a malformed reply: " + e.getMessage(), e);
        }
    }

    /** Throws the error dsco left before closing the connection, if there is one. */
    private void refusal() throws IOException {
        try (UnixMessage m = socket.receive()) {
            if (m != null) {
                ApiMessage reply = ApiMessage.decode(m.data(), m.data().length);
                if (reply.status() != Status.OK) {
                    throw new DscoException(reply.status(), reply.textOr(Attr.ERROR, reply.status().name()));
                }
            }
        } catch (MalformedMessageException | IOException e) {
            if (e instanceof DscoException d) {
                throw d;
            }
            // nothing readable: the send error stands
        }
    }

    private ApiMessage request(Op op) {
        return ApiMessage.request(op, ids.incrementAndGet());
    }

    /** Node name, role and redirect mode of the local dsco. */
    public Map<String, String> hello() throws IOException {
        ApiMessage r = call(request(Op.HELLO));
        Map<String, String> m = new LinkedHashMap<>();
        m.put("node", r.textOr(Attr.NODE, ""));
        m.put("role", r.textOr(Attr.ROLE, ""));
        m.put("mode", r.textOr(Attr.MODE, ""));
        return m;
    }

    public List<Node> allNodes() throws IOException {
        ApiMessage r = call(request(Op.GET_ALL_NODES));
        List<ApiMessage.Attribute> names = r.all(Attr.NODE), addrs = r.all(Attr.NODE_ADDRESS), roles = r.all(Attr.ROLE);
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(new Node(names.get(i).text(), address(addrs.get(i)), roles.get(i).text()));
        }
        return out;
    }

    public Node localNode() throws IOException {
        ApiMessage r = call(request(Op.FIND_LOCAL_NODE));
        return new Node(r.textOr(Attr.NODE, ""), address(r.first(Attr.NODE_ADDRESS)), "");
    }

    /** The service ("anycast") addresses of a service: IPv6 first, then IPv4 if it has one. */
    public List<InetAddress> anycastAddresses(String service) throws IOException {
        ApiMessage rq = request(Op.GET_ANYCAST_ADDR);
        if (service != null) {
            rq.add(Attr.SERVICE, service);
        }
        List<InetAddress> out = new ArrayList<>();
        for (ApiMessage.Attribute a : call(rq).all(Attr.ADDRESS)) {
            out.add(address(a));
        }
        return out;
    }

    public void deleteBU(InetAddress client) throws IOException {
        call(request(Op.DELETE_BU).add(Attr.ADDRESS, client));
    }

    public int getBUSeqNo(InetAddress client) throws IOException {
        try {
            return call(request(Op.GET_BU_SEQ_NO).add(Attr.ADDRESS, client)).u32(Attr.SEQNO);
        } catch (MalformedMessageException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public void setContactAddr(InetAddress contact) throws IOException {
        call(request(Op.SET_CONTACT_ADDR).add(Attr.ADDRESS, contact));
    }

    public void startRO(InetAddress client, int seqNo) throws IOException {
        call(request(Op.START_RO).add(Attr.ADDRESS, client).add(Attr.SEQNO, seqNo));
    }

    /**
     * Hands a client's connections to {@code node}. On success the channels are closed here (they are
     * frozen: the client sees nothing) and the phase timings returned; on failure they are live again and
     * still the caller's, and a {@link DscoException} says why.
     */
    public HandoffTimings donate(String service, InetAddress client, String node, List<SocketChannel> channels,
                                    byte[] appState) throws IOException {
        int[] fds = new int[channels.size()];
        for (int i = 0; i < fds.length; i++) {
            fds[i] = ChannelSocket.fdOf(channels.get(i));
        }
        ApiMessage rq = request(Op.DONATE).add(Attr.SERVICE, service).add(Attr.ADDRESS, client).add(Attr.NODE, node)
                .add(Attr.BLOB, appState);
        ApiMessage r = callWithFds(rq, service, client, fds);
        for (SocketChannel ch : channels) {
            ch.close();
        }
        return timings(r);
    }

    /**
     * Checkpoints a client of a protected service (docs/fault-tolerance.md): dsco dumps the connections' TCP state
     * (they must be all of the client's connections, and nobody may read or write them until this returns) and
     * sends it with {@code appState} to the client's backup node; what this node sends the client waits until the
     * backup holds a checkpoint covering it. No channels: the client ended, its backup forgets it. Returns the
     * checkpoint's number; the channels stay the caller's and live.
     */
    public long checkpoint(String service, InetAddress client, List<SocketChannel> channels, byte[] appState) throws IOException {
        int[] fds = new int[channels.size()];
        for (int i = 0; i < fds.length; i++) {
            fds[i] = ChannelSocket.fdOf(channels.get(i));
        }
        ApiMessage rq = request(Op.CHECKPOINT).add(Attr.SERVICE, service).add(Attr.ADDRESS, client).add(Attr.BLOB, appState);
        ApiMessage r = callWithFds(rq, service, client, fds);
        try {
            return r.u64(Attr.CHECKPOINT_SEQ);
        } catch (MalformedMessageException e) {
            throw new IOException("dsco answered CHECKPOINT without its number: " + e.getMessage(), e);
        }
    }

    /**
     * After a donate that failed without an answer from dsco (its connection broke: dsco died), passes the
     * client's channels to the (restarted) dsco to learn what became of them. Returns true if they were
     * handed off (the channels are closed here), false if they are live here again.
     */
    public boolean recover(String service, InetAddress client, List<SocketChannel> channels) throws IOException {
        int[] fds = new int[channels.size()];
        for (int i = 0; i < fds.length; i++) {
            fds[i] = ChannelSocket.fdOf(channels.get(i));
        }
        ApiMessage r = callWithFds(request(Op.RECOVER).add(Attr.SERVICE, service).add(Attr.ADDRESS, client), service, client, fds);
        boolean handedOff = r.textOr(Attr.MODE, "").startsWith("handed-off");
        if (handedOff) {
            for (SocketChannel ch : channels) {
                ch.close();
            }
        }
        return handedOff;
    }

    /** The live dsco daemons (oldest first) and, last, the contact node's name. */
    public List<String> members() throws IOException {
        ApiMessage r = call(request(Op.GET_MEMBERS));
        List<String> out = new ArrayList<>();
        for (ApiMessage.Attribute a : r.all(Attr.NODE)) {
            out.add(a.text());
        }
        out.add(r.textOr(Attr.ROLE, ""));
        return out;
    }

    public List<ClientInfo> listClients(String service) throws IOException {
        ApiMessage rq = request(Op.LIST_CLIENTS);
        if (service != null) {
            rq.add(Attr.SERVICE, service);
        }
        ApiMessage r = call(rq);
        List<ApiMessage.Attribute> s = r.all(Attr.SERVICE), a = r.all(Attr.ADDRESS), n = r.all(Attr.NODE), c = r.all(Attr.CONNECTIONS);
        List<ClientInfo> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            out.add(new ClientInfo(s.get(i).text(), address(a.get(i)), n.get(i).text(),
                    ByteBuffer.wrap(c.get(i).value()).getInt()));
        }
        return out;
    }

    /**
     * The services this dsco serves, each with its addresses and ports (the reply lists SERVICE, then its ADDRESS
     * and PORT attributes, per service).
     */
    public List<Service> services() throws IOException {
        List<Service> out = new ArrayList<>();
        String id = null;
        List<InetAddress> addresses = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        boolean isProtected = false;
        for (ApiMessage.Attribute a : call(request(Op.LIST_SERVICES)).attributes()) {
            switch (a.type()) {
                case Attr.SERVICE -> {
                    if (id != null) {
                        out.add(new Service(id, List.copyOf(addresses), List.copyOf(ports), isProtected));
                    }
                    id = a.text();
                    addresses.clear();
                    ports.clear();
                    isProtected = false;
                }
                case Attr.MODE -> isProtected |= a.text().equals("protected");
                case Attr.ADDRESS -> addresses.add(address(a));
                case Attr.PORT -> {
                    if (a.value().length != 2) {
                        throw new IOException("dsco sent a PORT attribute of " + a.value().length + " bytes (needs 2)");
                    }
                    ports.add(ByteBuffer.wrap(a.value()).getShort() & 0xffff);
                }
                default -> {
                }
            }
        }
        if (id != null) {
            out.add(new Service(id, List.copyOf(addresses), List.copyOf(ports), isProtected));
        }
        return out;
    }

    public Map<String, String> config(String key) throws IOException {
        ApiMessage rq = request(Op.GET_CONFIG);
        if (key != null) {
            rq.add(Attr.KEY, key);
        }
        ApiMessage r = call(rq);
        Map<String, String> out = new LinkedHashMap<>();
        List<ApiMessage.Attribute> k = r.all(Attr.KEY), v = r.all(Attr.VALUE);
        for (int i = 0; i < k.size(); i++) {
            out.put(k.get(i).text(), v.get(i).text());
        }
        return out;
    }

    /** This dsco's metrics since it started, as dotted keys in a stable order (docs/operations.md, "dsctl stats"). */
    public Map<String, String> stats() throws IOException {
        ApiMessage r = call(request(Op.STATS));
        Map<String, String> out = new LinkedHashMap<>();
        List<ApiMessage.Attribute> k = r.all(Attr.KEY), v = r.all(Attr.VALUE);
        for (int i = 0; i < k.size(); i++) {
            out.put(k.get(i).text(), v.get(i).text());
        }
        return out;
    }

    /**
     * The group's events after {@code after} of run {@code epoch} (null: dsco's current run), waiting up to
     * {@code waitMillis} (at most 60 s) when there are none yet. A reader keeps the epoch and the last sequence number
     * it saw and asks again with them; what it can no longer have comes as an {@code EVENTS_LOST} event.
     */
    public GroupEvent.Batch events(String epoch, long after, int waitMillis) throws IOException {
        ApiMessage rq = request(Op.EVENTS).add(Attr.EVENT_SEQ, after).add(Attr.WAIT_MS, waitMillis);
        if (epoch != null) {
            rq.add(Attr.EPOCH, epoch);
        }
        try {
            return GroupEvent.batchOf(call(rq));
        } catch (MalformedMessageException e) {
            throw new IOException("dsco sent a malformed EVENTS reply: " + e.getMessage(), e);
        }
    }

    /** How a drain ended: how many clients moved, and each client that stayed with why. */
    public record DrainReport(int moved, Map<InetAddress, String> stayed) {
        public boolean empty() {
            return stayed.isEmpty();
        }
    }

    /**
     * Drains this dsco's node (privileged): it takes no more clients in handoffs, and each client it serves (of
     * {@code service}, or of every service when null) is handed to the least-loaded other live node. Returns when done.
     */
    public DrainReport drain(String service) throws IOException {
        ApiMessage rq = request(Op.DRAIN);
        if (service != null) {
            rq.add(Attr.SERVICE, service);
        }
        ApiMessage r = call(rq);
        Map<InetAddress, String> stayed = new LinkedHashMap<>();
        List<ApiMessage.Attribute> a = r.all(Attr.ADDRESS), d = r.all(Attr.DETAIL);
        for (int i = 0; i < a.size() && i < d.size(); i++) {
            stayed.put(address(a.get(i)), d.get(i).text());
        }
        ApiMessage.Attribute moved = r.first(Attr.CONNECTIONS);
        return new DrainReport(moved == null ? 0 : ByteBuffer.wrap(moved.value()).getInt(), stayed);
    }

    /** Lifts a drain (privileged): the node takes clients in handoffs again. */
    public void resumeAfterDrain() throws IOException {
        call(request(Op.DRAIN).add(Attr.MODE, "resume"));
    }

    /** A setting as dsco applied it: its value, and whether dsco wrote it to its configuration file. */
    public record Setting(String key, String value, boolean persisted) {
    }

    public String setConfig(String key, String value) throws IOException {
        return set(key, value).value();
    }

    /**
     * Changes a run-time setting. Not persisted (MODE {@code until-restart}): it lasts until dsco restarts or
     * re-reads its file on SIGHUP.
     */
    public Setting set(String key, String value) throws IOException {
        ApiMessage r = call(request(Op.SET_CONFIG).add(Attr.KEY, key).add(Attr.VALUE, value));
        return new Setting(key, r.textOr(Attr.VALUE, value), "persisted".equals(r.textOr(Attr.MODE, "")));
    }

    /** Makes {@code node} the contact node of {@code service} (the seed's ds takeover). */
    public void changeContact(String service, String node) throws IOException {
        ApiMessage rq = request(Op.CHANGE_CONTACT).add(Attr.NODE, node);
        if (service != null) {
            rq.add(Attr.SERVICE, service);
        }
        call(rq);
    }

    /**
     * Adds {@code node} at {@code address} (IPv6) to the group at run time: this dsco checks it, then tells the
     * HA agent and every other dsco. Privileged. Repeating an add that was done is harmless.
     */
    public void addNode(String node, InetAddress address) throws IOException {
        call(request(Op.ADD_NODE).add(Attr.NODE, node).add(Attr.NODE_ADDRESS, address));
    }

    /**
     * Removes {@code node} from the group: refused while it is the contact node or serves clients. Privileged.
     */
    public void removeNode(String node) throws IOException {
        call(request(Op.REMOVE_NODE).add(Attr.NODE, node));
    }

    /**
     * The order in which nodes take over when the contact node fails: these first, in this order, then the nodes
     * not named in their configured order. An empty list goes back to the configured order. Privileged.
     */
    public void setSuccessors(List<String> nodes) throws IOException {
        ApiMessage rq = request(Op.SET_SUCCESSORS);
        for (String n : nodes) {
            rq.add(Attr.NODE, n);
        }
        call(rq);
    }

    /**
     * Registers this application as the receiver of {@code service}'s clients on this node, on a
     * connection of its own, and calls {@code handler} for each client until the connection closes.
     * Blocks: run it on a thread of its own. Returns when {@link Receiver#close} is called.
     */
    public static Receiver receive(Path socket, String service, ReceiveHandler handler) throws IOException {
        DscoClient c = connect(socket);
        c.call(c.request(Op.REGISTER_RECEIVER).add(Attr.SERVICE, service));
        return new Receiver(c, handler);
    }

    /** A registered receiver: {@link #run} delivers clients until closed. */
    public static final class Receiver implements Closeable {
        private final DscoClient client;
        private final ReceiveHandler handler;

        Receiver(DscoClient client, ReceiveHandler handler) {
            this.client = client;
            this.handler = handler;
        }

        /** Channels of RECEIVED_FDS parts, for the RECEIVED that follows. */
        private final List<SocketChannel> parts = new ArrayList<>();

        public void run() throws IOException {
            while (true) {
                Received r;
                try (UnixMessage m = client.socket.receive()) {
                    if (m == null) {
                        return;
                    }
                    ApiMessage e = ApiMessage.decode(m.data(), m.data().length);
                    if (e.kind() == ApiMessage.KIND_EVENT && e.op() == Op.HANDOFF_REQUESTED) {
                        InetAddress who = e.address(Attr.ADDRESS);
                        try {
                            handler.handoffRequested(e.text(Attr.SERVICE), who, e.text(Attr.NODE));
                        } catch (Exception ex) {
                            throw new IOException("the handoff-request handler failed for " + who.getHostAddress() + ": " + ex, ex);
                        }
                        continue;
                    }
                    if (e.kind() == ApiMessage.KIND_EVENT && e.op() == Op.RECEIVED_FDS) { // the first fds of a RECEIVED
                        for (int fd : m.takeFds()) {
                            parts.add(FdChannels.adopt(fd));
                        }
                        continue;
                    }
                    if (e.kind() != ApiMessage.KIND_EVENT || e.op() != Op.RECEIVED) {
                        continue;
                    }
                    List<SocketChannel> channels = new ArrayList<>(parts);
                    parts.clear();
                    for (int fd : m.takeFds()) {
                        channels.add(FdChannels.adopt(fd));
                    }
                    ApiMessage.Attribute blob = e.first(Attr.BLOB);
                    r = new Received(e.text(Attr.SERVICE), e.address(Attr.ADDRESS), channels, blob == null ? new byte[0] : blob.value());
                } catch (MalformedMessageException ex) {
                    throw new IOException("dsco sent a malformed event: " + ex.getMessage(), ex);
                }
                try {
                    handler.received(r);
                } catch (Exception ex) {
                    throw new IOException("the receive handler failed for " + r.client().getHostAddress() + ": " + ex, ex);
                }
            }
        }

        @Override
        public void close() {
            client.close();
        }
    }

    private static InetAddress address(ApiMessage.Attribute a) throws IOException {
        try {
            return ApiMessage.toAddress(a);
        } catch (MalformedMessageException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public Path socketPath() {
        return socketPath;
    }

    @Override
    public void close() {
        socket.close();
    }
}
