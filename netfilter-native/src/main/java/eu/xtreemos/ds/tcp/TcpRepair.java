package eu.xtreemos.ds.tcp;

import com.sun.jna.Memory;
import eu.xtreemos.ds.kernel.Errno;
import eu.xtreemos.ds.kernel.ErrnoException;
import eu.xtreemos.ds.kernel.LinuxSocket;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static eu.xtreemos.ds.kernel.LibC.MSG_DONTWAIT;
import static eu.xtreemos.ds.kernel.LibC.MSG_PEEK;
import static eu.xtreemos.ds.kernel.LibC.SOL_TCP;
import static eu.xtreemos.ds.kernel.LibC.TCP_QUEUE_SEQ;
import static eu.xtreemos.ds.kernel.LibC.TCP_REPAIR;
import static eu.xtreemos.ds.kernel.LibC.TCP_REPAIR_OPTIONS;
import static eu.xtreemos.ds.kernel.LibC.TCP_REPAIR_QUEUE;
import static eu.xtreemos.ds.kernel.LibC.TCP_REPAIR_WINDOW;
import static eu.xtreemos.ds.kernel.LibC.TCP_SEND_QUEUE;

/**
 * The kernel's TCP_REPAIR mechanism on one socket: repair mode, the queues, their sequence numbers,
 * the negotiated options and the window. No policy here: {@link SocketEngine} decides the order.
 */
final class TcpRepair {
    /** struct tcp_repair_window: snd_wl1, snd_wnd, max_window, rcv_wnd, rcv_wup. */
    static final int WINDOW_FIELDS = 5;

    private TcpRepair() {
    }

    static void setRepair(LinuxSocket s, boolean on) throws ErrnoException {
        s.setIntOption(SOL_TCP, TCP_REPAIR, on ? 1 : 0, "TCP_REPAIR");
    }

    static boolean repair(LinuxSocket s) throws ErrnoException {
        return s.intOption(SOL_TCP, TCP_REPAIR, "TCP_REPAIR") != 0;
    }

    static void selectQueue(LinuxSocket s, int queue) throws ErrnoException {
        s.setIntOption(SOL_TCP, TCP_REPAIR_QUEUE, queue, "TCP_REPAIR_QUEUE");
    }

    static int queueSeq(LinuxSocket s, int queue) throws ErrnoException {
        selectQueue(s, queue);
        return s.intOption(SOL_TCP, TCP_QUEUE_SEQ, "TCP_QUEUE_SEQ");
    }

    static void setQueueSeq(LinuxSocket s, int queue, int seq) throws ErrnoException {
        selectQueue(s, queue);
        s.setIntOption(SOL_TCP, TCP_QUEUE_SEQ, seq, "TCP_QUEUE_SEQ");
    }

    /** Copies the selected queue's contents without consuming them; fails unless exactly {@code len} bytes come. */
    static byte[] peekQueue(LinuxSocket s, int queue, int len) throws ErrnoException {
        byte[] buf = new byte[len];
        if (len == 0) {
            return buf;
        }
        selectQueue(s, queue);
        long n = s.receive(buf, len, MSG_PEEK | MSG_DONTWAIT, "recv(MSG_PEEK) of the " + queueName(queue));
        if (n != len) {
            throw new SocketRepairException("the " + queueName(queue) + " held " + n + " bytes, expected " + len);
        }
        return buf;
    }

    /** Writes {@code data[off, off+len)} into the selected repair queue (or normally when not in repair mode). */
    static void write(LinuxSocket s, byte[] data, int off, int len, String what) throws ErrnoException {
        if (len == 0) {
            return;
        }
        try (Memory m = new Memory(len)) { // freed now, not at the next garbage collection
            m.write(0, data, off, len);
            long done = 0;
            while (done < len) {
                done += s.send(m.share(done), len - done, 0, "send(" + what + ", " + (len - done) + " of " + len + " bytes left)");
            }
        }
    }

    static void writeQueue(LinuxSocket s, int queue, byte[] data, int len) throws ErrnoException {
        selectQueue(s, queue);
        write(s, data, 0, len, queueName(queue));
    }

    static void setRepairOptions(LinuxSocket s, int[][] codeValuePairs) throws ErrnoException {
        ByteBuffer b = ByteBuffer.allocate(8 * codeValuePairs.length).order(ByteOrder.nativeOrder());
        for (int[] p : codeValuePairs) {
            b.putInt(p[0]).putInt(p[1]);
        }
        s.setOption(SOL_TCP, TCP_REPAIR_OPTIONS, b.array(), "TCP_REPAIR_OPTIONS");
    }

    static int[] window(LinuxSocket s) throws ErrnoException {
        byte[] raw = s.option(SOL_TCP, TCP_REPAIR_WINDOW, 4 * WINDOW_FIELDS, "TCP_REPAIR_WINDOW");
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        return new int[] {b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt()};
    }

    /**
     * The window {@code w} (snd_wl1, snd_wnd, max_window, rcv_wnd, rcv_wup) as TCP_REPAIR_WINDOW takes it back on a
     * socket whose rcv_nxt is {@code rcvNxt}. The kernel refuses (EINVAL) snd_wl1 after rcv_nxt + rcv_wnd and a
     * max_window below snd_wnd, and a live socket can hold the first: snd_wl1 is the sequence number of the last
     * segment whose ACK moved the send window, which may be an out-of-order segment beyond a hole (after a loss),
     * and a dump carries no out-of-order queue, so rcv_nxt stays before the hole. snd_wl1 is then taken back to
     * rcv_nxt: the peer's next segment may move the window, as the resent ones would have anyway.
     */
    static int[] restorable(int[] w, int rcvNxt) {
        int[] r = w.clone();
        if (r[0] - (rcvNxt + r[3]) > 0) { // snd_wl1 after rcv_nxt + rcv_wnd, in sequence space
            r[0] = rcvNxt;
        }
        if (Integer.compareUnsigned(r[2], r[1]) < 0) { // max_window below snd_wnd
            r[2] = r[1];
        }
        return r;
    }

    static void setWindow(LinuxSocket s, int[] w) throws ErrnoException {
        ByteBuffer b = ByteBuffer.allocate(4 * WINDOW_FIELDS).order(ByteOrder.nativeOrder());
        for (int v : w) {
            b.putInt(v);
        }
        s.setOption(SOL_TCP, TCP_REPAIR_WINDOW, b.array(), "TCP_REPAIR_WINDOW");
    }

    static String queueName(int queue) {
        return queue == TCP_SEND_QUEUE ? "send queue" : "receive queue";
    }

    /** The engine's unchecked failure for a failed call, with the capability it needs when refused. */
    static SocketRepairException fail(ErrnoException e) {
        String hint = e.errno() == Errno.EPERM ? "; TCP_REPAIR needs CAP_NET_ADMIN" : "";
        return new SocketRepairException(e.getMessage() + hint, e);
    }
}
