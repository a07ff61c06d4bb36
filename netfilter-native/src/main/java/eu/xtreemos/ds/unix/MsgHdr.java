package eu.xtreemos.ds.unix;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import eu.xtreemos.ds.kernel.LibC;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The native structures of {@code sendmsg}/{@code recvmsg} and {@code struct sockaddr_un}, laid
 * out by hand for 64-bit Linux (LP64: x86_64, aarch64, riscv64...):
 *
 * <pre>
 * struct msghdr  { void *msg_name; socklen_t msg_namelen;   //  0,  8 (+4 padding)
 *                  struct iovec *msg_iov; size_t msg_iovlen;  // 16, 24
 *                  void *msg_control; size_t msg_controllen;  // 32, 40
 *                  int msg_flags; };                          // 48 (+4 padding) = 56 bytes
 * struct iovec   { void *iov_base; size_t iov_len; };         //  0,  8 = 16 bytes
 * struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; }; // 0, 8, 12; data at 16
 * </pre>
 */
final class MsgHdr {
    static final int SIZE = 56;
    static final int OFF_IOV = 16;
    static final int OFF_IOVLEN = 24;
    static final int OFF_CONTROL = 32;
    static final int OFF_CONTROLLEN = 40;
    static final int OFF_FLAGS = 48;
    static final int IOVEC_SIZE = 16;
    static final int CMSG_HDR = 16;

    /** {@code sizeof(sun_path)} minus the terminating NUL. */
    static final int MAX_PATH_BYTES = 107;

    static {
        if (Native.POINTER_SIZE != 8 || Native.SIZE_T_SIZE != 8) {
            throw new ExceptionInInitializerError("eu.xtreemos.ds.unix supports 64-bit Linux only");
        }
    }

    static int cmsgAlign(int len) {
        return (len + 7) & ~7;
    }

    /** {@code CMSG_SPACE(len)}: buffer room for one control message with {@code len} data bytes. */
    static int cmsgSpace(int len) {
        return CMSG_HDR + cmsgAlign(len);
    }

    /** {@code CMSG_LEN(len)}: the {@code cmsg_len} of a control message with {@code len} data bytes. */
    static int cmsgLen(int len) {
        return CMSG_HDR + len;
    }

    /** The native msghdr, to pass to sendmsg/recvmsg. */
    final Memory msg;
    // Only native memory points to these: the fields keep them from being freed while the msghdr is
    // in use (callers put a reachabilityFence on this object after the call).
    private final Memory iov;
    private final Memory data;
    private final Memory control;

    /** A msghdr with one iovec over all of {@code data} and the given control buffer (may be null). */
    MsgHdr(Memory data, Memory control) {
        this.data = data;
        this.control = control;
        iov = new Memory(IOVEC_SIZE);
        iov.setPointer(0, data);
        iov.setLong(8, data.size());
        msg = new Memory(SIZE);
        msg.clear();
        msg.setPointer(OFF_IOV, iov);
        msg.setLong(OFF_IOVLEN, 1);
        msg.setPointer(OFF_CONTROL, control);
        msg.setLong(OFF_CONTROLLEN, control == null ? 0 : control.size());
    }

    /**
     * Frees the native buffers now. Left to the garbage collector, a receive's buffer (the largest message
     * allowed, 128 KiB for dsco's API) stayed allocated until the next collection: measured, dsco's resident
     * size grew by ≈ 100 MiB over 40,000 handoffs.
     */
    void free() {
        msg.close();
        iov.close();
        data.close();
        if (control != null) {
            control.close();
        }
    }

    /** msg_flags as written back by recvmsg. */
    int flags() {
        return msg.getInt(OFF_FLAGS);
    }

    /** Every fd the kernel put into the control buffer (after recvmsg). */
    int[] receivedFds() {
        return control == null ? new int[0] : receivedFds(control, msg.getLong(OFF_CONTROLLEN));
    }

    /** One SCM_RIGHTS control message carrying {@code fds}. */
    static Memory rights(int[] fds) {
        int dataLen = 4 * fds.length;
        Memory control = new Memory(cmsgSpace(dataLen));
        control.clear();
        control.setLong(0, cmsgLen(dataLen));
        control.setInt(8, LibC.SOL_SOCKET);
        control.setInt(12, LibC.SCM_RIGHTS);
        control.write(CMSG_HDR, fds, 0, fds.length);
        return control;
    }

    /**
     * Every fd in the SCM_RIGHTS control messages of a received buffer ({@code controlLen} is the
     * msg_controllen the kernel wrote back). Other control messages are skipped.
     */
    static int[] receivedFds(Pointer control, long controlLen) {
        int[] fds = new int[0];
        long off = 0;
        while (off + CMSG_HDR <= controlLen) {
            long len = control.getLong(off);
            if (len < CMSG_HDR || off + len > controlLen) {
                break;
            }
            int level = control.getInt(off + 8);
            int type = control.getInt(off + 12);
            if (level == LibC.SOL_SOCKET && type == LibC.SCM_RIGHTS) {
                int n = (int) ((len - CMSG_HDR) / 4);
                int[] more = control.getIntArray(off + CMSG_HDR, n);
                int[] all = java.util.Arrays.copyOf(fds, fds.length + n);
                System.arraycopy(more, 0, all, fds.length, n);
                fds = all;
            }
            off += cmsgAlign((int) len);
        }
        return fds;
    }

    /** {@code struct sockaddr_un} for a filesystem path. */
    static byte[] sockaddr(Path path) {
        String s = path.toString();
        byte[] p = s.getBytes(StandardCharsets.UTF_8);
        if (p.length == 0) {
            throw new IllegalArgumentException("empty UNIX socket path");
        }
        if (p.length > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("UNIX socket path too long: " + p.length + " bytes, the limit is "
                    + MAX_PATH_BYTES + " (sun_path): " + s);
        }
        for (byte b : p) {
            if (b == 0) {
                throw new IllegalArgumentException("UNIX socket path contains a NUL byte: " + s);
            }
        }
        ByteBuffer b = ByteBuffer.allocate(2 + p.length + 1).order(ByteOrder.nativeOrder());
        b.putShort((short) LibC.AF_UNIX).put(p).put((byte) 0);
        return b.array();
    }
}
