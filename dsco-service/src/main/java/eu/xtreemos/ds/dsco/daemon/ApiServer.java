package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.Attr;
import eu.xtreemos.ds.dsco.api.MalformedMessageException;
import eu.xtreemos.ds.dsco.api.Op;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.api.UnsupportedVersionException;
import eu.xtreemos.ds.kernel.LibC;
import eu.xtreemos.ds.unix.MessageRejectedException;
import eu.xtreemos.ds.unix.PeerCredentials;
import eu.xtreemos.ds.unix.UnixMessage;
import eu.xtreemos.ds.unix.UnixSeqpacketServer;
import eu.xtreemos.ds.unix.UnixSeqpacketSocket;
import eu.xtreemos.ds.unix.UnixSocketLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * dsco's UNIX-socket API endpoint: identifies every caller with SO_PEERCRED (and SO_PEERGROUPS),
 * refuses — and logs — callers the configuration does not allow, and answers each request with one
 * reply. A malformed or oversized request gets an error reply and the connection (and every other)
 * goes on being served.
 */
public final class ApiServer implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    static final UnixSocketLimits LIMITS = new UnixSocketLimits(ApiMessage.MAX_SIZE, Op.FDS_PER_MESSAGE);
    /** At most this many fds staged by FDS parts on one connection (a client's connections). */
    static final int MAX_STAGED_FDS = 65_536;
    private static final ScheduledExecutorService CLOSER =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "api-refusals");
                t.setDaemon(true);
                return t;
            });

    /** Who may connect; re-read on every connection so configuration changes apply at once. */
    public record Access(Set<Integer> users, Set<Integer> groups, int adminGroup) {
    }

    /** Handles one request. The connection is passed for REGISTER_RECEIVER, which keeps it for events. */
    public interface Handler {
        ApiMessage handle(Caller caller, ApiMessage request, int[] fds, UnixSeqpacketSocket connection) throws Exception;
    }

    private final UnixSeqpacketServer server;
    private final Supplier<Access> access;
    private final Handler handler;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "api-conn");
        t.setDaemon(true);
        return t;
    });

    public ApiServer(Path socket, Supplier<Access> access, Handler handler) throws IOException {
        Files.createDirectories(socket.getParent());
        // Everyone may connect; who may do what is decided per caller from its credentials.
        this.server = UnixSeqpacketServer.bind(socket, 0666, LIMITS);
        server.listen();
        this.access = access;
        this.handler = handler;
    }

    /** At most this many API connections at once (each has a thread); more are refused with a reason. */
    public static final int MAX_CONNECTIONS = 256;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);

    public void run() {
        while (true) {
            UnixSeqpacketSocket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (!slots.tryAcquire()) {
                log.warn("refused an API connection: {} connections open already", MAX_CONNECTIONS);
                try {
                    s.send(new ApiMessage(ApiMessage.KIND_REPLY, 0, 0).add(Attr.STATUS, (short) Status.FAILED.code)
                            .add(Attr.ERROR, "dsco is serving " + MAX_CONNECTIONS + " connections already; try again").encode());
                } catch (IOException e) {
                    // gone
                }
                s.close();
                continue;
            }
            workers.execute(() -> {
                try {
                    serve(s);
                } finally {
                    slots.release();
                }
            });
        }
    }

    private void serve(UnixSeqpacketSocket s) {
        Caller caller;
        try {
            caller = identify(s);
        } catch (IOException e) {
            log.warn("cannot identify an API caller: {}", e.getMessage());
            s.close();
            return;
        }
        if (caller == null) {
            return;
        }
        boolean keep = false;
        List<Integer> staged = new ArrayList<>(); // fds of FDS parts, for the DONATE, RECOVER or CHECKPOINT that follows
        try {
            while (true) {
                ApiMessage request;
                int[] fds;
                try (UnixMessage m = s.receive()) {
                    if (m == null) {
                        return; // the caller closed
                    }
                    try {
                        request = ApiMessage.decode(m.data(), m.data().length);
                    } catch (UnsupportedVersionException e) {
                        reply(s, new ApiMessage(ApiMessage.KIND_REPLY, 0, 0).add(Attr.STATUS, (short) Status.UNSUPPORTED_VERSION.code)
                                .add(Attr.ERROR, e.getMessage()));
                        continue;
                    } catch (MalformedMessageException e) {
                        log.warn("malformed request from {}: {}", caller, e.getMessage());
                        reply(s, new ApiMessage(ApiMessage.KIND_REPLY, 0, 0).add(Attr.STATUS, (short) Status.BAD_REQUEST.code)
                                .add(Attr.ERROR, "malformed request: " + e.getMessage()));
                        continue;
                    }
                    fds = m.takeFds();
                } catch (MessageRejectedException e) {
                    log.warn("request from {} refused: {}", caller, e.getMessage());
                    reply(s, new ApiMessage(ApiMessage.KIND_REPLY, 0, 0).add(Attr.STATUS, (short) Status.BAD_REQUEST.code)
                            .add(Attr.ERROR, e.getMessage()));
                    continue;
                }
                if (request.op() == Op.FDS && request.kind() == ApiMessage.KIND_REQUEST) {
                    if (staged.size() + fds.length > MAX_STAGED_FDS) {
                        for (int fd : fds) {
                            closeQuietly(fd);
                        }
                        reply(s, ApiMessage.error(request, Status.BAD_REQUEST, "more than " + MAX_STAGED_FDS + " fds staged"));
                        continue;
                    }
                    for (int fd : fds) {
                        staged.add(fd);
                    }
                    reply(s, ApiMessage.reply(request, Status.OK));
                    continue;
                }
                if (!staged.isEmpty() && (request.op() == Op.DONATE || request.op() == Op.RECOVER || request.op() == Op.CHECKPOINT)) {
                    int[] all = new int[staged.size() + fds.length];
                    for (int i = 0; i < staged.size(); i++) {
                        all[i] = staged.get(i);
                    }
                    System.arraycopy(fds, 0, all, staged.size(), fds.length);
                    fds = all;
                    staged.clear();
                }
                ApiMessage answer = dispatch(caller, request, fds, s);
                if (answer != null) {
                    reply(s, answer);
                }
                if (request.op() == Op.REGISTER_RECEIVER && answer != null && answer.status() == Status.OK) {
                    keep = true; // the connection now belongs to the receiver registry
                    return;
                }
            }
        } catch (IOException e) {
            log.debug("API connection of {} ended: {}", caller, e.getMessage());
        } finally {
            for (int fd : staged) { // parts of a DONATE that never came
                closeQuietly(fd);
            }
            if (!keep) {
                s.close();
            }
        }
    }

    private ApiMessage dispatch(Caller caller, ApiMessage request, int[] fds, UnixSeqpacketSocket s) {
        try {
            if (request.kind() != ApiMessage.KIND_REQUEST) {
                return ApiMessage.error(request, Status.BAD_REQUEST, "expected a request, got message kind " + request.kind());
            }
            Op op = request.op();
            if (op == null || op == Op.RECEIVED || op == Op.HANDOFF_REQUESTED) {
                return ApiMessage.error(request, Status.UNKNOWN_OP, "unknown operation " + request.opCode());
            }
            if (op.privileged && !caller.privileged()) {
                log.warn("refused {} from {}: needs root or the admin group", op, caller);
                return ApiMessage.error(request, Status.DENIED, op + " needs root or the admin group");
            }
            return handler.handle(caller, request, fds, s);
        } catch (MalformedMessageException e) {
            return ApiMessage.error(request, Status.BAD_REQUEST, e.getMessage());
        } catch (Exception e) {
            log.error("{} from {} failed", request, caller, e);
            return ApiMessage.error(request, Status.FAILED, e.toString());
        } finally {
            for (int fd : fds) {
                closeQuietly(fd); // the handler dup()s what it keeps
            }
        }
    }

    /** The caller, or null (and a logged refusal) if it may not use dsco. */
    private Caller identify(UnixSeqpacketSocket s) throws IOException {
        PeerCredentials c = s.peerCredentials();
        int[] groups = s.peerGroups();
        Access a = access.get();
        boolean allowed = c.uid() == 0 || a.users().contains(c.uid()) || a.groups().contains(c.gid());
        boolean admin = c.uid() == 0 || c.gid() == a.adminGroup();
        for (int g : groups) {
            allowed |= a.groups().contains(g);
            admin |= g == a.adminGroup();
        }
        Caller caller = new Caller(c.pid(), c.uid(), c.gid(), groups, admin);
        if (!allowed) {
            log.warn("refused API connection from {} gid {}: not allowed by api.users / api.groups", caller, c.gid());
            try {
                s.send(new ApiMessage(ApiMessage.KIND_REPLY, 0, 0).add(Attr.STATUS, (short) Status.DENIED.code)
                        .add(Attr.ERROR, "uid " + c.uid() + " is not allowed to use dsco").encode());
                // Closing with its request unread would reset the connection before it reads why: discard
                // what it sends until it closes, for at most a second.
                CLOSER.schedule(s::close, 1, TimeUnit.SECONDS);
                while (true) {
                    try (UnixMessage ignored = s.receive()) {
                        if (ignored == null) {
                            break;
                        }
                    }
                }
            } catch (IOException e) {
                // it is gone already
            }
            s.close();
            return null;
        }
        return caller;
    }

    private static void reply(UnixSeqpacketSocket s, ApiMessage m) throws IOException {
        s.send(m.encode());
    }

    static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (RuntimeException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        server.close();
        workers.shutdownNow();
    }
}
