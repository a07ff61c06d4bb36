package eu.xtreemos.ds.rtnl;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import eu.xtreemos.ds.kernel.Errno;
import eu.xtreemos.ds.kernel.ErrnoException;
import eu.xtreemos.ds.kernel.LibC;
import eu.xtreemos.ds.kernel.LinuxSocket;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static eu.xtreemos.ds.kernel.Errno.EAGAIN;
import static eu.xtreemos.ds.kernel.Errno.EINTR;

/**
 * The project's netlink socket, under rtnetlink, XFRM, ipset, nftables and NFQUEUE. Two uses:
 *
 * <p>Requests ({@link #open}): one request at a time, each waiting for its answer. The socket belongs to the
 * network namespace of the thread that opened it (see {@link eu.xtreemos.ds.kernel.NetNamespace}) and can
 * then be used from any thread: requests are serialized. Every request carries {@code NLM_F_ACK} and a fresh
 * sequence number; the answer is read until the kernel's ack (or the end of a dump), replies with another
 * sequence number (late answers to a request that timed out) are skipped, and an error ack becomes a
 * {@link NetlinkException} naming the operation, the errno and the kernel's extended-ack text.
 *
 * <p>A stream of messages ({@link #openStream}, NFQUEUE's packets): the owner reads datagrams itself with
 * {@link #receive} (polling {@link #fd()}), and any thread may {@link #send} whole datagrams.
 */
public final class NetlinkSocket implements AutoCloseable {
    private static final int RECV_BUFFER = 64 * 1024;
    /** sizeof(struct sockaddr_nl). */
    private static final int SOCKADDR_NL_LEN = 12;
    private static final int DUMP_ATTEMPTS = 3;

    private final int fd;
    private final int portId;
    /** How long a request waits for each part of its answer; null for a stream socket. */
    private final Duration timeout;
    private final Memory rx;
    private int seq = (int) (System.nanoTime() & 0x3fffffff);
    private volatile boolean closed;
    /** A request ended before its whole answer was read: the rest may still be queued. */
    private boolean unsettled;

    private NetlinkSocket(int fd, int portId, Duration timeout) {
        this.fd = fd;
        this.portId = portId;
        this.timeout = timeout;
        this.rx = timeout == null ? null : new Memory(RECV_BUFFER);
    }

    /**
     * Opens a netlink socket of {@code protocol} (0 = NETLINK_ROUTE) for requests, in the calling thread's
     * network namespace; a request waits at most {@code timeout} for each part of its answer.
     */
    public static NetlinkSocket open(int protocol, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        try {
            LinuxSocket s = LinuxSocket.open(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, protocol);
            try {
                s.setIntOption(LibC.SOL_NETLINK, LibC.NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK");
                s.setIntOption(LibC.SOL_NETLINK, LibC.NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK");
                s.setSendBufferSize(32 * 1024);
                s.setReceiveBufferSize(1024 * 1024);
                ByteBuffer tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
                tv.putLong(timeout.toSeconds()).putLong(timeout.toNanosPart() / 1000);
                s.setOption(LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, tv.array(), "SO_RCVTIMEO");
                return new NetlinkSocket(s.fd(), bind(s), timeout);
            } catch (ErrnoException e) {
                LibC.close(s.fd());
                throw e;
            }
        } catch (ErrnoException e) {
            throw new NetlinkException(e.call() + " on a netlink socket of protocol " + protocol, e.errno(), null);
        }
    }

    /**
     * Opens a netlink socket of {@code protocol} for a stream of messages, in the calling thread's network
     * namespace, with a receive buffer of {@code receiveBufferBytes} (forced past net.core.rmem_max when the
     * caller has CAP_NET_ADMIN: a burst that overflows it is lost).
     */
    public static NetlinkSocket openStream(int protocol, int receiveBufferBytes) throws ErrnoException {
        LinuxSocket s = LinuxSocket.open(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, protocol);
        try {
            try {
                s.forceReceiveBufferSize(receiveBufferBytes);
            } catch (ErrnoException e) {
                s.setReceiveBufferSize(receiveBufferBytes);
            }
            return new NetlinkSocket(s.fd(), bind(s), null);
        } catch (ErrnoException e) {
            LibC.close(s.fd());
            throw e;
        }
    }

    /** Binds to a port the kernel picks, no multicast groups; returns the port id. */
    private static int bind(LinuxSocket s) throws ErrnoException {
        byte[] sa = new byte[SOCKADDR_NL_LEN];
        ByteBuffer.wrap(sa).order(ByteOrder.nativeOrder()).putShort((short) LibC.AF_NETLINK);
        try {
            LibC.bind(s.fd(), sa, sa.length);
            int[] len = {sa.length};
            LibC.getsockname(s.fd(), sa, len);
        } catch (LastErrorException e) {
            throw Errno.exception("bind(AF_NETLINK)", e);
        }
        return ByteBuffer.wrap(sa).order(ByteOrder.nativeOrder()).getInt(4);
    }

    /** The descriptor, to poll a stream socket on; the socket keeps owning it. */
    public int fd() {
        return fd;
    }

    /** Sends one datagram, {@code datagram[0, length)}, as it is; netlink takes it whole or not at all. */
    public void send(byte[] datagram, int length) throws ErrnoException {
        try {
            LibC.send(fd, datagram, length, 0);
        } catch (LastErrorException e) {
            throw Errno.exception("send on a netlink socket", e);
        }
    }

    /**
     * Receives one datagram into {@code buf}; returns its real length (larger than {@code capacity} when it was
     * cut, MSG_TRUNC), or -1 when nothing was there (EAGAIN with MSG_DONTWAIT, or EINTR). ENOBUFS: the socket's
     * buffer overflowed and the kernel dropped messages.
     */
    public long receive(Pointer buf, long capacity, int flags) throws ErrnoException {
        try {
            return LibC.recv(fd, buf, capacity, flags | LibC.MSG_TRUNC);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EAGAIN || e.getErrorCode() == EINTR) {
                return -1;
            }
            throw Errno.exception("recv on a netlink socket", e);
        }
    }

    /** The port id the kernel gave this socket. */
    public int portId() {
        return portId;
    }

    /**
     * Sends a request (built without sequence number) and waits for the kernel's ack. Returns the
     * messages that came before the ack (for a {@code GET} of one object: that object).
     */
    public List<NetlinkMessage> request(String operation, MessageBuilder message) {
        return exchange(operation, message.build());
    }

    /** Sends a dump request ({@code NLM_F_DUMP}) and returns every message up to {@code NLMSG_DONE}. */
    public List<NetlinkMessage> dump(String operation, MessageBuilder message) {
        byte[] m = message.build();
        for (int attempt = 1; ; attempt++) {
            try {
                return exchange(operation, m);
            } catch (DumpInterrupted e) {
                if (attempt == DUMP_ATTEMPTS) {
                    throw new NetlinkException(operation, "the table kept changing during the dump (" + attempt + " attempts)", null);
                }
            }
        }
    }

    /**
     * Sends a transaction of the netfilter kind in one datagram — {@code begin}, the {@code messages}, {@code end}
     * (built without sequence numbers) — and waits for the kernel's answer to each message, all asking for an ack.
     * The kernel applies such a batch whole or not at all; the first error it reports is thrown, naming the
     * operation. Nothing is answered for the begin and end markers unless they are refused.
     */
    public synchronized void batch(String operation, byte[] begin, List<byte[]> messages, byte[] end) {
        checkRequests(operation);
        if (unsettled) {
            drain();
        }
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        int beginSeq = nextSeq();
        byte[] b = begin.clone();
        flag(b, NetlinkMessage.NLM_F_REQUEST);
        MessageBuilder.setSeq(b, beginSeq);
        all.writeBytes(b);
        List<Reply> replies = new ArrayList<>();
        for (byte[] m : messages) {
            byte[] c = m.clone();
            flag(c, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK);
            int s = nextSeq();
            MessageBuilder.setSeq(c, s);
            replies.add(new Reply(operation, s));
            all.writeBytes(c);
        }
        byte[] e = end.clone();
        flag(e, NetlinkMessage.NLM_F_REQUEST);
        MessageBuilder.setSeq(e, nextSeq());
        all.writeBytes(e);
        byte[] datagram = all.toByteArray();
        try {
            LibC.send(fd, datagram, datagram.length, 0);
        } catch (LastErrorException x) {
            throw new NetlinkException(operation + " (send)", x.getErrorCode(), null);
        }
        Reply framing = new Reply(operation + " (batch begin)", beginSeq);
        NetlinkException first = null;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (replies.stream().anyMatch(r -> !r.complete()) && !framing.complete()) {
                ByteBuffer d = receive(operation, deadline);
                for (Reply r : replies) {
                    if (!r.complete()) {
                        try {
                            r.consume(d.duplicate().order(ByteOrder.nativeOrder()));
                        } catch (NetlinkException x) {
                            first = first == null ? x : first;
                        }
                    }
                }
                try {
                    framing.consume(d.duplicate().order(ByteOrder.nativeOrder()));
                } catch (NetlinkException x) {
                    first = first == null ? x : first;
                }
            }
        } finally {
            unsettled = replies.stream().anyMatch(r -> !r.complete());
        }
        if (first != null) {
            throw first;
        }
    }

    private void checkRequests(String operation) {
        if (closed) {
            throw new IllegalStateException("netlink socket is closed (" + operation + ")");
        }
        if (timeout == null) {
            throw new IllegalStateException("a stream netlink socket makes no requests (" + operation + ")");
        }
    }

    private static void flag(byte[] message, int flags) {
        ByteBuffer bb = ByteBuffer.wrap(message).order(ByteOrder.nativeOrder());
        bb.putShort(6, (short) ((bb.getShort(6) & 0xffff) | flags));
    }

    /** Sends {@code message} as it is (sequence number and flags added) and reads the whole answer. */
    synchronized List<NetlinkMessage> exchange(String operation, byte[] message) {
        checkRequests(operation);
        int flags = (ByteBuffer.wrap(message).order(ByteOrder.nativeOrder()).getShort(6) & 0xffff) | NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK;
        ByteBuffer.wrap(message).order(ByteOrder.nativeOrder()).putShort(6, (short) flags);
        if (unsettled) {
            drain();
        }
        int s = nextSeq();
        MessageBuilder.setSeq(message, s);
        try {
            LibC.send(fd, message, message.length, 0);
        } catch (LastErrorException e) {
            throw new NetlinkException(operation + " (send)", e.getErrorCode(), null);
        }
        Reply reply = new Reply(operation, s);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!reply.complete()) {
                ByteBuffer datagram = receive(operation, deadline);
                reply.consume(datagram);
            }
        } finally {
            unsettled = !reply.complete();
        }
        return reply.messages();
    }

    /**
     * Reads and drops whatever is queued, without waiting: the rest of an answer abandoned after a
     * timeout or a malformed datagram. Reading also lets an abandoned dump run to its end, so the
     * next dump is not refused with EBUSY. Anything arriving later is skipped by sequence number.
     */
    private void drain() {
        for (int i = 0; i < 100_000; i++) {
            try {
                LibC.recv(fd, rx, RECV_BUFFER, LibC.MSG_DONTWAIT);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    break; // EAGAIN: empty
                }
            }
        }
        unsettled = false;
    }

    private int nextSeq() {
        seq = seq == Integer.MAX_VALUE ? 1 : seq + 1;
        return seq;
    }

    /** One datagram, copied out of the shared receive buffer. */
    private ByteBuffer receive(String operation, long deadline) {
        while (true) {
            if (System.nanoTime() - deadline > 0) {
                throw timedOut(operation);
            }
            long n;
            try {
                n = LibC.recv(fd, rx, RECV_BUFFER, LibC.MSG_TRUNC);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EINTR) {
                    continue;
                }
                if (e.getErrorCode() == EAGAIN) {
                    throw timedOut(operation);
                }
                throw new NetlinkException(operation + " (recv)", e.getErrorCode(), null);
            }
            if (n > RECV_BUFFER) {
                throw new MalformedMessageException(operation, "a " + n + "-byte reply did not fit the " + RECV_BUFFER + "-byte buffer");
            }
            byte[] copy = new byte[(int) n];
            rx.read(0, copy, 0, copy.length);
            return ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder());
        }
    }

    private NetlinkException timedOut(String operation) {
        return new NetlinkException(operation, "no answer from the kernel within " + timeout.toMillis() + " ms", null);
    }

    /**
     * The answer to one request as it arrives, datagram by datagram. Kept apart from the socket so
     * that tests can feed it any bytes.
     */
    static final class Reply {
        private final String operation;
        private final int seq;
        private final List<NetlinkMessage> messages = new ArrayList<>(2);
        private boolean complete;
        private boolean interrupted;

        Reply(String operation, int seq) {
            this.operation = operation;
            this.seq = seq;
        }

        boolean complete() {
            return complete;
        }

        List<NetlinkMessage> messages() {
            return messages;
        }

        /** Takes one datagram; throws on an error ack, a dump error or bytes that do not parse. */
        void consume(ByteBuffer datagram) {
            List<NetlinkMessage> all;
            try {
                all = NetlinkMessage.parseAll(datagram);
            } catch (MalformedMessageException e) {
                throw e.during(operation);
            }
            for (NetlinkMessage m : all) {
                if (complete) {
                    break;
                }
                if (m.seq() != seq) {
                    continue; // a late answer to an earlier request that timed out
                }
                if ((m.flags() & NetlinkMessage.NLM_F_DUMP_INTR) != 0) {
                    interrupted = true;
                }
                switch (m.type()) {
                    case NetlinkMessage.NLMSG_NOOP -> { }
                    case NetlinkMessage.NLMSG_ERROR -> error(m);
                    case NetlinkMessage.NLMSG_DONE -> done(m);
                    case NetlinkMessage.NLMSG_OVERRUN -> throw new NetlinkException(operation, "netlink overrun: data lost", null);
                    default -> messages.add(m);
                }
            }
            if (complete && interrupted) {
                throw new DumpInterrupted(operation);
            }
        }

        private void error(NetlinkMessage m) {
            if (m.payload().limit() < 4) {
                throw new MalformedMessageException(operation, "error message with " + m.payload().limit() + " byte(s), needs 4");
            }
            int err = m.u32(0);
            if (err > 0) {
                throw new MalformedMessageException(operation, "error message with positive code " + err);
            }
            complete = true;
            if (err == 0) {
                return; // the ack
            }
            throw new NetlinkException(operation, -err, extackMessage(m));
        }

        /** The kernel's NLMSGERR_ATTR_MSG text, if it sent one (never fails: the errno matters more). */
        private static String extackMessage(NetlinkMessage m) {
            if ((m.flags() & NetlinkMessage.NLM_F_ACK_TLVS) == 0) {
                return null;
            }
            int p = m.payload().limit();
            if (p < 4 + MessageBuilder.NLMSG_HDRLEN) {
                return null;
            }
            int tlvs = 4 + MessageBuilder.NLMSG_HDRLEN;
            if ((m.flags() & NetlinkMessage.NLM_F_CAPPED) == 0) {
                long requestLen = m.u32(4) & 0xffffffffL; // the echoed request, whole
                if (requestLen < MessageBuilder.NLMSG_HDRLEN || 4 + requestLen > p) {
                    return null;
                }
                tlvs = 4 + MessageBuilder.align((int) requestLen);
            }
            if (tlvs >= p) {
                return null;
            }
            try {
                return Attributes.parse(m.payload().slice(tlvs, p - tlvs)).string(NetlinkMessage.NLMSGERR_ATTR_MSG);
            } catch (MalformedMessageException e) {
                return null;
            }
        }

        private void done(NetlinkMessage m) {
            complete = true;
            if (m.payload().limit() >= 4 && m.u32(0) < 0) { // a dump that failed part-way
                throw new NetlinkException(operation, -m.u32(0), null);
            }
        }
    }

    /** NLM_F_DUMP_INTR: the dump saw the table change; {@link #dump} asks again. */
    static final class DumpInterrupted extends NetlinkException {
        DumpInterrupted(String operation) {
            super(operation, "dump interrupted by a concurrent change", null);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibC.close(fd);
        }
    }

    @Override
    public String toString() {
        return "netlink socket fd " + fd + " port " + portId;
    }
}
