package eu.xtreemos.ds.nfq;

import eu.xtreemos.ds.kernel.Errno;
import eu.xtreemos.ds.kernel.ErrnoException;
import eu.xtreemos.ds.kernel.LinuxSocket;
import eu.xtreemos.ds.kernel.NetNamespace;

import java.io.IOException;
import java.util.List;

/**
 * Silences the sockets frozen for a handoff. Repair mode stops the application, not the kernel: a frozen
 * socket's timers still run, and a delayed ACK, a tail loss probe, a retransmission or a paced segment can
 * leave it after its state was dumped. Such a segment carries a timestamp newer than any the restored socket
 * will send for a while (its clock resumes from the dump, on the receiver, later), so the client's PAWS check
 * then drops what the restored socket sends (RFC 7323 §5) — a lost segment that only the restored socket's 3 s
 * retransmission timer recovers; a paced segment is moreover data the dump counted as never sent.
 *
 * <p>A frozen socket gets the mark {@link #MARK} (SO_MARK; needs CAP_NET_ADMIN), and one rule per family,
 * installed once, drops every packet so marked before it leaves:
 *
 * <pre>ip6tables -w -t raw -I OUTPUT -m mark --mark 0x44530f00 -j DROP</pre>
 *
 * (and iptables). To the socket the drop is a failed transmission: data it could not send stays unsent, as the
 * dump recorded it. The mark is not carried with the connection; {@link #unmute} clears it.
 */
public final class SocketMute implements AutoCloseable {
    /** "DS", frozen: the mark of a muted socket, all 32 bits. */
    public static final int MARK = 0x44530f00;
    /** Table, chain and match; {@link Firewall} puts the operation after the table. */
    private static final List<String> RULE = List.of("-t", "raw", "OUTPUT", "-m", "mark", "--mark",
            "0x" + Integer.toHexString(MARK), "-j", "DROP");

    private final NetNamespace ns;

    private SocketMute(NetNamespace ns) {
        this.ns = ns;
    }

    /** Installs the drop rules in {@code ns} (null: this process's namespace), unless they are there. */
    public static SocketMute install(NetNamespace ns) throws IOException {
        for (InflightSet.Family f : InflightSet.Family.values()) {
            Firewall.ensure(ns, f, RULE);
        }
        return new SocketMute(ns);
    }

    /** From now on nothing the socket on {@code fd} sends leaves this node. */
    public static void mute(int fd) throws IOException {
        setMark(fd, MARK);
    }

    /** The socket on {@code fd} sends again (after a handoff that failed). */
    public static void unmute(int fd) throws IOException {
        setMark(fd, 0);
    }

    private static void setMark(int fd, int mark) throws IOException {
        try {
            new LinuxSocket(fd).setMark(mark);
        } catch (ErrnoException e) {
            throw new ErrnoException("cannot set SO_MARK 0x" + Integer.toHexString(mark) + " on fd " + fd, e.errno(),
                    e.errno() == Errno.EPERM ? "needs CAP_NET_ADMIN" : null, e);
        }
    }

    /** Removes the drop rules. Sockets still marked then send again. */
    @Override
    public void close() throws IOException {
        for (InflightSet.Family f : InflightSet.Family.values()) {
            Firewall.remove(ns, f, RULE);
        }
    }
}
