package eu.xtreemos.ds.nfq;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import eu.xtreemos.ds.kernel.Errno;
import eu.xtreemos.ds.kernel.ErrnoException;
import eu.xtreemos.ds.kernel.LibC;
import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.rtnl.NetlinkSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads the packets the kernel queues to one NFQUEUE number and holds, accepts or drops them; held
 * packets are kept per client (source address) in arrival order until {@link #releaseHeld},
 * {@link #takeHeld} or {@link #dropHeld}.
 *
 * <h2>Why raw nfnetlink and not libnetfilter_queue</h2>
 * The queue speaks nfnetlink over a plain netlink socket, built and parsed here in Java
 * ({@link NfqMessages}); the only native calls are socket, bind, setsockopt, poll, recv and send from libc.
 * <ul>
 *   <li>Verdicts come from other threads than the reader. A netlink {@code send} is one atomic datagram
 *       and the socket is safe to use from several threads, while a libnetfilter_queue handle is not
 *       (shared sequence counter and buffers): it would need every library call, including the
 *       packet callback, funnelled through one thread or one lock.</li>
 *   <li>A release sends all verdicts of a client in one {@code send} (one netlink message each, handled
 *       by the kernel in order); {@code nfq_set_verdict} makes one system call per packet.</li>
 *   <li>No native-to-Java callback per packet (JNA callbacks attach the native thread and must be kept
 *       strongly reachable), and nothing to install on the nodes beyond libc.</li>
 *   <li>The protocol is small and stable: a bind, three parameters and two message types.</li>
 * </ul>
 * {@code nfq_bind_pf}/{@code nfq_unbind_pf} have no counterpart here: they are no-ops since Linux 3.8.
 *
 * <h2>Threads and ordering</h2>
 * One reader thread, created inside the caller's network namespace (the netlink socket belongs to the
 * namespace it was created in), blocks in {@code poll} on the socket and an eventfd that {@link #close}
 * signals: no busy loop, no timeout polling. Every decision (the {@link PacketHandler} call and its
 * verdict) and every release, take or drop runs under one lock, and verdicts are sent while it is held,
 * so the kernel reinjects a client's packets in the order they were decided and a release never
 * overtakes, or is overtaken by, a packet decided before or after it.
 *
 * <h2>Kernel settings</h2>
 * Copy mode NFQNL_COPY_PACKET with the largest range (65531 bytes), no NFQA_CFG_F_GSO: the kernel then
 * segments GSO packets before queueing and fills in checksums left to the hardware, so each held packet
 * is a complete, wire-size IP packet that can be shipped to another node and injected there. No
 * NFQA_CFG_F_FAIL_OPEN: when the kernel queue is full, new packets are dropped (the client retransmits),
 * never let through to a node that would answer them with a reset.
 */
public final class PacketQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PacketQueue.class);

    /** Larger than any one message: a 64 KiB packet plus its attributes. */
    private static final int RECV_BUF = 256 * 1024;
    private static final int VERDICTS_PER_SEND = 1024;
    private static final long SETUP_TIMEOUT_MS = 5000;
    /**
     * How long {@link #open} waits for the reader thread to bind its queue. Generous: on a loaded or emulated
     * machine (the Vagrant testbed's VMs) loading the native code alone took more than 10 s.
     */
    private static final long READER_START_TIMEOUT_MS = 60_000;

    /** Bounds on what is held, and the kernel-side sizes derived from them. */
    public record Limits(int maxHeldPerClient, int maxHeldTotal, int kernelHeadroom, int receiveBufferBytes) {
        public static final Limits DEFAULT = new Limits(2048, 8192, 1024, 8 << 20);

        public Limits {
            if (maxHeldPerClient < 0 || maxHeldTotal < 0 || kernelHeadroom < 1 || receiveBufferBytes < 65536) {
                throw new IllegalArgumentException("bad limits: " + maxHeldPerClient + "/" + maxHeldTotal + "/"
                        + kernelHeadroom + "/" + receiveBufferBytes);
            }
        }

        /** Default sizes with other bounds on held packets. */
        public static Limits of(int maxHeldPerClient, int maxHeldTotal) {
            return new Limits(maxHeldPerClient, maxHeldTotal, DEFAULT.kernelHeadroom, DEFAULT.receiveBufferBytes);
        }

        /**
         * The kernel's own bound on packets waiting for a verdict (NFQA_CFG_QUEUE_MAXLEN): what may be held
         * plus headroom for packets on their way to the reader, so that our bound, which is counted and
         * logged, is the one that bites.
         */
        int kernelMaxLen() {
            return (int) Math.min(Integer.MAX_VALUE, (long) maxHeldTotal + kernelHeadroom);
        }
    }

    /**
     * A snapshot of the counters. Packet counts since open; {@code heldNow} is a gauge. The {@code kernel*}
     * fields come from {@code /proc/net/netfilter/nfnetlink_queue} of the queue's namespace (-1 if unreadable):
     * packets waiting in the kernel for a verdict, dropped because the kernel queue was full, and dropped
     * because they could not be delivered to the reader's socket.
     */
    public record Counters(long queued, long accepted, long dropped, long held, long heldNow, long released,
                           long taken, long overflow, long unknown, long handlerErrors, long verdictErrors,
                           long receiveOverruns, long kernelWaiting, long kernelDropped, long kernelUserDropped) {
    }

    private record Held(int id, byte[] data, boolean truncated) {
    }

    private final int queueNum;
    private final PacketHandler handler;
    private final Limits limits;
    private final String where;

    private final ReentrantLock lock = new ReentrantLock();
    // Everything below is guarded by lock, except the fields marked otherwise.
    private final Map<InetAddress, ArrayDeque<Held>> held = new HashMap<>();
    private final Set<InetAddress> overflowLogged = new HashSet<>();
    private int heldNow;
    private long deferred, queued, accepted, dropped, heldTotal, released, taken, overflow, unknown, handlerErrors,
            verdictErrors;
    private boolean closed;
    private boolean fdsOpen;
    private final ByteBuffer verdicts = ByteBuffer.allocate(VERDICTS_PER_SEND * NfqMessages.VERDICT_LEN);

    // Set up by the reader before open() returns, then read-only until the reader closes them.
    /** The nfnetlink socket the kernel queues packets to (null until the reader set it up). */
    private NetlinkSocket socket;
    private int wakeFd = -1;
    private FileChannel procStats;
    private Thread reader;
    /** Reader thread only. */
    private long receiveOverruns;
    private volatile long receiveOverrunsPublished;
    /** Reader thread only: config requests waiting for their acknowledgement (seq → errno, null = pending). */
    private final Map<Integer, Integer> acks = new HashMap<>();
    private int seq = 1;

    private PacketQueue(int queueNum, PacketHandler handler, Limits limits, String where) {
        this.queueNum = queueNum;
        this.handler = handler;
        this.limits = limits;
        this.where = where;
    }

    /** Binds queue {@code queueNum} in the current namespace with the default limits. */
    public static PacketQueue open(int queueNum, PacketHandler handler) throws IOException {
        return open(null, queueNum, handler, Limits.DEFAULT);
    }

    /**
     * Binds queue {@code queueNum} of namespace {@code ns} (null: the namespace of the calling thread) and
     * starts its reader. Fails if the queue is bound by another socket already (EBUSY).
     */
    public static PacketQueue open(NetNamespace ns, int queueNum, PacketHandler handler, Limits limits)
            throws IOException {
        if (queueNum < 0 || queueNum > 65535) {
            throw new IllegalArgumentException("queue number " + queueNum + " is not in 0..65535");
        }
        PacketQueue q = new PacketQueue(queueNum, handler == null ? PacketHandler.ACCEPT_ALL : handler, limits,
                "queue " + queueNum + (ns == null ? "" : " in " + ns));
        CompletableFuture<Void> ready = new CompletableFuture<>();
        String name = "nfqueue-" + queueNum + (ns == null ? "" : "-" + ns.name());
        Runnable body = () -> q.run(ready);
        if (ns == null) {
            q.reader = new Thread(body, name); // a new thread starts in its creator's namespace
            q.reader.setDaemon(true);
            q.reader.start();
        } else {
            q.reader = ns.start(name, body);
        }
        try {
            ready.get(READER_START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            q.close();
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException("cannot open " + q.where + ": " + c, c);
        } catch (TimeoutException e) {
            q.close();
            throw new IOException("cannot open " + q.where + ": the reader did not start");
        } catch (InterruptedException e) {
            q.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening " + q.where, e);
        }
        return q;
    }

    public int queueNumber() {
        return queueNum;
    }

    // ------------------------------------------------------------------------------------------------
    // The public operations on held packets

    /**
     * Accepts all packets held for {@code client}, in arrival order (one {@code send} for all of them; the
     * kernel delivers them to TCP inside that call). Returns how many.
     *
     * <p>Release only into the socket that existed when the packets arrived (an unfrozen one), or to a node
     * where none existed (a receiver before its restore). TCP early demux ties an arriving packet to the
     * established socket it finds before the INPUT chain; if that socket was closed and replaced since
     * (freeze, dump, close, restore on this same node), the released packet still goes to the closed one and
     * is discarded silently, and the data waits for the client's retransmission (≈ 200 ms). In that case
     * {@link #takeHeld} and inject them with a {@link PacketInjector}: injected packets are looked up afresh.
     */
    public int releaseHeld(InetAddress client) {
        lock.lock();
        try {
            ArrayDeque<Held> q = detach(client);
            if (q == null) {
                return 0;
            }
            sendVerdicts(q, NfqMessages.NF_ACCEPT);
            accepted += q.size();
            released += q.size();
            return q.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops all packets held for {@code client} here and returns their bytes (full IP packets) in arrival
     * order, for injection on another node. A packet the kernel delivered cut (over 65531 bytes) cannot be
     * shipped whole: it is dropped and left out (the client retransmits it).
     */
    public List<byte[]> takeHeld(InetAddress client) {
        lock.lock();
        try {
            ArrayDeque<Held> q = detach(client);
            if (q == null) {
                return List.of();
            }
            sendVerdicts(q, NfqMessages.NF_DROP);
            dropped += q.size();
            List<byte[]> out = new ArrayList<>(q.size());
            for (Held h : q) {
                if (h.truncated) {
                    log.warn("{}: a held packet of {} was cut by the kernel and cannot be shipped; dropped", where,
                            client.getHostAddress());
                } else {
                    out.add(h.data);
                }
            }
            taken += out.size();
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Accepts packets a handler deferred ({@link PacketHandler.Decision#DEFER}), in the order given (one {@code send};
     * the kernel sends them on in that order). Under the queue's lock, so a release never interleaves with a decision.
     */
    public void acceptDeferred(List<Integer> ids) {
        verdictDeferred(ids, NfqMessages.NF_ACCEPT);
    }

    /** Drops packets a handler deferred. */
    public void dropDeferred(List<Integer> ids) {
        verdictDeferred(ids, NfqMessages.NF_DROP);
    }

    private void verdictDeferred(List<Integer> ids, int verdict) {
        if (ids.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            verdicts.clear();
            for (int id : ids) {
                if (verdicts.remaining() < NfqMessages.VERDICT_LEN) {
                    flushVerdicts();
                }
                NfqMessages.verdict(verdicts, queueNum, id, verdict);
            }
            flushVerdicts();
            if (verdict == NfqMessages.NF_ACCEPT) {
                accepted += ids.size();
            } else {
                dropped += ids.size();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops all packets held for {@code client}. Returns how many. */
    public int dropHeld(InetAddress client) {
        lock.lock();
        try {
            ArrayDeque<Held> q = detach(client);
            if (q == null) {
                return 0;
            }
            sendVerdicts(q, NfqMessages.NF_DROP);
            dropped += q.size();
            return q.size();
        } finally {
            lock.unlock();
        }
    }

    /** Packets held for {@code client} now. */
    public int heldCount(InetAddress client) {
        lock.lock();
        try {
            ArrayDeque<Held> q = held.get(client);
            return q == null ? 0 : q.size();
        } finally {
            lock.unlock();
        }
    }

    /** Packets held now, all clients together. */
    public int heldCount() {
        lock.lock();
        try {
            return heldNow;
        } finally {
            lock.unlock();
        }
    }

    /** The clients with held packets now. */
    public Set<InetAddress> heldClients() {
        lock.lock();
        try {
            return Collections.unmodifiableSet(new LinkedHashSet<>(held.keySet()));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code action} while no packet is being decided: to change what the handler will decide and
     * release (or take) in one step, e.g. {@code q.atomically(() -> { policy.pass(c); q.releaseHeld(c); })},
     * so that no packet of {@code c} is held after the release, nor accepted ahead of the released ones.
     */
    public void atomically(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    public Counters counters() {
        long[] k = kernelStats();
        lock.lock();
        try {
            return new Counters(queued, accepted, dropped, heldTotal, heldNow, released, taken, overflow, unknown,
                    handlerErrors, verdictErrors, receiveOverrunsPublished, k[0], k[1], k[2]);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the reader and unbinds the queue. Whatever is still held is dropped by the kernel (the safe
     * outcome: the clients retransmit); release or take it first if it matters. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            dropped += heldNow;
            held.clear();
            heldNow = 0;
            if (fdsOpen) { // under the lock: the reader closes the eventfd under it too
                try {
                    LibC.write(wakeFd, new byte[] {1, 0, 0, 0, 0, 0, 0, 0}, 8);
                } catch (LastErrorException e) {
                    log.warn("{}: cannot wake the reader: {}", where, Errno.describe(e));
                }
            }
        } finally {
            lock.unlock();
        }
        Thread r = reader;
        if (r != null && r != Thread.currentThread()) {
            try {
                r.join(SETUP_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (r.isAlive()) {
                log.warn("{}: the reader did not stop", where);
            }
        }
    }

    @Override
    public String toString() {
        return "PacketQueue(" + where + ")";
    }

    // ------------------------------------------------------------------------------------------------
    // Held packets and verdicts (callers hold the lock)

    private ArrayDeque<Held> detach(InetAddress client) {
        ArrayDeque<Held> q = held.remove(client);
        overflowLogged.remove(client);
        if (q != null) {
            heldNow -= q.size();
        }
        return q;
    }

    private void sendVerdicts(Iterable<Held> packets, int verdict) {
        verdicts.clear();
        for (Held h : packets) {
            if (verdicts.remaining() < NfqMessages.VERDICT_LEN) {
                flushVerdicts();
            }
            NfqMessages.verdict(verdicts, queueNum, h.id, verdict);
        }
        flushVerdicts();
    }

    private void sendVerdict(int id, int verdict) {
        verdicts.clear();
        NfqMessages.verdict(verdicts, queueNum, id, verdict);
        flushVerdicts();
    }

    private void flushVerdicts() {
        int n = verdicts.position();
        verdicts.clear();
        if (n == 0 || closed) {
            return; // after close the kernel has dropped everything that was queued
        }
        try {
            socket.send(verdicts.array(), n);
        } catch (ErrnoException e) {
            verdictErrors += n / NfqMessages.VERDICT_LEN;
            log.error("{}: sending {} verdicts failed: {}", where, n / NfqMessages.VERDICT_LEN, e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------
    // The reader thread

    private void run(CompletableFuture<Void> ready) {
        Memory buf = new Memory(RECV_BUF);
        byte[] scratch = new byte[RECV_BUF];
        Memory pollFds = new Memory(16);
        try {
            setup(buf, scratch);
        } catch (Exception e) {
            closeFds();
            ready.completeExceptionally(e);
            return;
        }
        ready.complete(null);
        log.debug("{}: reader started", where);
        pollFds.setInt(0, socket.fd());
        pollFds.setShort(4, LibC.POLLIN);
        pollFds.setInt(8, wakeFd);
        pollFds.setShort(12, LibC.POLLIN);
        try {
            while (!isClosed()) {
                pollFds.setShort(6, (short) 0);
                pollFds.setShort(14, (short) 0);
                try {
                    LibC.poll(pollFds, 2, -1);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == Errno.EINTR) {
                        continue;
                    }
                    throw e;
                }
                if (pollFds.getShort(14) != 0) {
                    break; // close() wrote the eventfd
                }
                if (pollFds.getShort(6) != 0) {
                    receive(buf, scratch, LibC.MSG_DONTWAIT);
                }
            }
        } catch (RuntimeException e) {
            log.error("{}: the reader failed and stops; the kernel drops what is queued: {}", where, e.toString(), e);
            lock.lock();
            try {
                closed = true;
                dropped += heldNow;
                held.clear();
                heldNow = 0;
            } finally {
                lock.unlock();
            }
        } finally {
            try {
                ByteBuffer b = ByteBuffer.allocate(64);
                NfqMessages.configCommand(b, seq++, queueNum, NfqMessages.NFQNL_CFG_CMD_UNBIND);
                if (socket != null) {
                    socket.send(b.array(), b.position());
                }
            } catch (ErrnoException e) {
                log.debug("{}: unbind failed: {} (closing the socket unbinds too)", where, e.getMessage());
            }
            closeFds();
            log.debug("{}: reader stopped", where);
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private void setup(Memory buf, byte[] scratch) throws IOException {
        try {
            socket = NetlinkSocket.openStream(LibC.NETLINK_NETFILTER, limits.receiveBufferBytes());
            wakeFd = LibC.eventfd(0, LibC.EFD_CLOEXEC);
            lock.lock();
            try {
                fdsOpen = true;
            } finally {
                lock.unlock();
            }
        } catch (ErrnoException e) {
            throw new ErrnoException("cannot create the nfnetlink socket for " + where + " (" + e.call() + ")", e.errno(),
                    e.errno() == Errno.EPERM ? "needs CAP_NET_ADMIN" : null, e);
        } catch (LastErrorException e) {
            throw Errno.exception("cannot create the wake-up eventfd for " + where, e);
        }
        try {
            procStats = FileChannel.open(Path.of("/proc/thread-self/net/netfilter/nfnetlink_queue"),
                    StandardOpenOption.READ); // /proc/thread-self: this thread's namespace, not the process's
        } catch (IOException e) {
            log.debug("{}: no kernel queue statistics: {}", where, e.toString());
        }
        ByteBuffer b = ByteBuffer.allocate(256);
        int bind = seq++, params = seq++, maxLen = seq++, flags = seq++;
        NfqMessages.configCommand(b, bind, queueNum, NfqMessages.NFQNL_CFG_CMD_BIND);
        NfqMessages.configCopyPacket(b, params, queueNum, NfqMessages.MAX_COPY_RANGE);
        NfqMessages.configMaxLen(b, maxLen, queueNum, limits.kernelMaxLen());
        // Explicitly off: FAIL_OPEN (1) would let packets through when full, GSO (4) would hand us
        // super-packets with partial checksums that cannot be injected elsewhere as they are.
        NfqMessages.configFlags(b, flags, queueNum, 0, 1 | 4);
        for (int s : new int[] {bind, params, maxLen, flags}) {
            acks.put(s, null);
        }
        try {
            socket.send(b.array(), b.position());
        } catch (ErrnoException e) {
            throw new ErrnoException("cannot configure " + where, e.errno(), e);
        }
        Memory pollFd = new Memory(8);
        pollFd.setInt(0, socket.fd());
        pollFd.setShort(4, LibC.POLLIN);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETUP_TIMEOUT_MS);
        while (acks.containsValue(null)) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new IOException("no answer from the kernel while binding " + where);
            }
            try {
                if (LibC.poll(pollFd, 1, (int) left) > 0) {
                    receive(buf, scratch, LibC.MSG_DONTWAIT);
                }
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw Errno.exception("cannot bind " + where, e);
                }
            }
        }
        for (Map.Entry<Integer, Integer> a : acks.entrySet()) {
            int err = a.getValue();
            if (err != 0) {
                String what = a.getKey() == bind ? "bind" : a.getKey() == params ? "set copy mode"
                        : a.getKey() == maxLen ? "set the queue length" : "set the flags";
                // The kernel refuses a queue bound by another netlink socket with EPERM (the check comes before
                // the command), the same errno as for a missing CAP_NET_ADMIN.
                throw new ErrnoException("cannot " + what + " for " + where, err, a.getKey() == bind && err == Errno.EPERM
                        ? "the queue is bound by another socket, or CAP_NET_ADMIN is missing" : null, null);
            }
        }
        acks.clear();
    }

    /** Receives one datagram (netlink: it may hold several messages) and handles each message in it. */
    private void receive(Memory buf, byte[] scratch, int flags) {
        long n;
        try {
            n = socket.receive(buf, RECV_BUF, flags);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOBUFS) {
                // The socket's buffer overflowed: the kernel dropped the packets it could not deliver
                // (counted as user_dropped in the kernel statistics); the clients retransmit them.
                receiveOverruns++;
                receiveOverrunsPublished = receiveOverruns;
                log.warn("{}: receive buffer overrun: the kernel dropped queued packets", where);
                return;
            }
            throw new IllegalStateException(where + ": " + e.getMessage(), e);
        }
        if (n < 0) {
            return; // nothing there after all
        }
        int len = (int) Math.min(n, RECV_BUF);
        buf.read(0, scratch, 0, len);
        ByteBuffer b = ByteBuffer.wrap(scratch, 0, len).order(ByteOrder.nativeOrder());
        int off = 0;
        while (off + NfqMessages.NLMSG_HDRLEN <= len) {
            int mlen = b.getInt(off);
            int type = b.getShort(off + 4) & 0xffff;
            int mseq = b.getInt(off + 8);
            if (mlen < NfqMessages.NLMSG_HDRLEN || off + mlen > len) {
                log.warn("{}: malformed netlink message (length {} at {} of {})", where, mlen, off, len);
                return;
            }
            if (type == NfqMessages.TYPE_PACKET) {
                onPacket(b, scratch, off, mlen);
            } else if (type == NfqMessages.NLMSG_ERROR && mlen >= NfqMessages.NLMSG_HDRLEN + 4) {
                onAck(mseq, -b.getInt(off + NfqMessages.NLMSG_HDRLEN));
            }
            off += NfqMessages.align(mlen);
        }
    }

    private void onAck(int mseq, int err) {
        if (acks.containsKey(mseq)) {
            acks.put(mseq, err);
        } else if (err != 0) {
            // A verdict the kernel refused, most likely ENOENT: the packet id is not queued (any more).
            lock.lock();
            try {
                verdictErrors++;
            } finally {
                lock.unlock();
            }
            log.debug("{}: the kernel refused a request: {}", where, Errno.describe(err));
        }
    }

    private void onPacket(ByteBuffer b, byte[] scratch, int off, int mlen) {
        NfqMessages.PacketMessage m;
        try {
            m = NfqMessages.parsePacket(b, off, mlen);
        } catch (RuntimeException e) {
            m = null;
        }
        if (m == null) {
            lock.lock();
            try {
                queued++;
                unknown++;
            } finally {
                lock.unlock();
            }
            log.warn("{}: a queued-packet message without a packet id; it cannot be given a verdict", where);
            return;
        }
        long now = System.nanoTime();
        lock.lock();
        try {
            queued++;
            if (closed) {
                return; // unbinding drops it
            }
            decide(m, scratch, now);
        } catch (RuntimeException e) {
            handlerErrors++;
            log.error("{}: failed on packet {}; accepting it", where, Integer.toUnsignedString(m.packetId()), e);
            sendVerdict(m.packetId(), NfqMessages.NF_ACCEPT);
            accepted++;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock. */
    private void decide(NfqMessages.PacketMessage m, byte[] scratch, long now) {
        byte[] data = m.payloadOffset() >= 0
                ? Arrays.copyOfRange(scratch, m.payloadOffset(), m.payloadOffset() + m.payloadLength())
                : new byte[0];
        IpPacket ip = IpPacket.parse(data);
        if (!ip.valid()) {
            unknown++;
            accepted++;
            sendVerdict(m.packetId(), NfqMessages.NF_ACCEPT);
            return;
        }
        QueuedPacket p = new QueuedPacket(m.packetId(), m.family(), m.hook(), m.inIfindex(), data,
                m.capturedLength(), ip, now);
        PacketHandler.Decision d;
        try {
            d = handler.decide(p);
        } catch (RuntimeException e) {
            handlerErrors++;
            log.error("{}: the packet handler failed on {}; accepting it", where, p, e);
            d = null;
        }
        if (d == PacketHandler.Decision.HOLD) {
            hold(p);
        } else if (d == PacketHandler.Decision.DEFER) {
            deferred++;
        } else if (d == PacketHandler.Decision.DROP) {
            dropped++;
            sendVerdict(p.id(), NfqMessages.NF_DROP);
        } else {
            accepted++;
            sendVerdict(p.id(), NfqMessages.NF_ACCEPT);
        }
    }

    /** Under the lock. */
    private void hold(QueuedPacket p) {
        InetAddress client = p.client();
        ArrayDeque<Held> q = held.get(client);
        int n = q == null ? 0 : q.size();
        if (n >= limits.maxHeldPerClient() || heldNow >= limits.maxHeldTotal()) {
            overflow++;
            dropped++;
            sendVerdict(p.id(), NfqMessages.NF_DROP);
            if (overflowLogged.add(client)) {
                log.warn("{}: too many held packets ({} of {} for {}, {} of {} in all): dropping, the client "
                                + "retransmits", where, n, limits.maxHeldPerClient(), client.getHostAddress(), heldNow,
                        limits.maxHeldTotal());
            }
            return;
        }
        if (q == null) {
            q = new ArrayDeque<>();
            held.put(client, q);
        }
        q.add(new Held(p.id(), p.data(), p.truncated()));
        heldNow++;
        heldTotal++;
    }

    private long[] kernelStats() {
        long[] r = {-1, -1, -1};
        FileChannel ch = procStats;
        if (ch == null) {
            return r;
        }
        try {
            ByteBuffer b = ByteBuffer.allocate(16384);
            long pos = 0;
            int n;
            while (b.hasRemaining() && (n = ch.read(b, pos)) > 0) {
                pos += n;
            }
            // "queue portid waiting copy_mode copy_range queue_dropped user_dropped id_sequence 1"
            for (String line : new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 7 && f[0].equals(Integer.toString(queueNum))) {
                    r[0] = Long.parseLong(f[2]);
                    r[1] = Long.parseLong(f[5]);
                    r[2] = Long.parseLong(f[6]);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("{}: cannot read kernel statistics: {}", where, e.toString());
        }
        return r;
    }

    private void closeFds() {
        lock.lock();
        try {
            closed = true; // no verdict or wake-up may go to a closed (or reused) fd number
            fdsOpen = false;
            if (socket != null) {
                socket.close(); // also unbinds: the kernel destroys the queues of a released netlink port
            }
            if (wakeFd >= 0) {
                LibC.close(wakeFd);
            }
        } finally {
            lock.unlock();
        }
        if (procStats != null) {
            try {
                procStats.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
