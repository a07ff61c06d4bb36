package eu.xtreemos.ds.dsco.daemon;

import com.sun.jna.LastErrorException;
import eu.xtreemos.ds.kernel.Errno;
import eu.xtreemos.ds.kernel.LibC;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Tells systemd how the service is doing (sd_notify(3), for {@code Type=notify} units): one datagram to the UNIX socket
 * $NOTIFY_SOCKET names, a name starting with '@' being in the abstract namespace. The JDK has no datagram UNIX
 * sockets, hence the project's libc binding.
 */
public final class SystemdNotify {
    /** sizeof(struct sockaddr_un.sun_path). */
    private static final int SUN_PATH_SIZE = 108;

    private SystemdNotify() {
    }

    /** Sends {@code state} (e.g. "READY=1") to systemd if it asked for it; false when not started by systemd. */
    public static boolean notify(String state) throws IOException {
        String socket = System.getenv("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return false;
        }
        send(socket, state);
        return true;
    }

    /** Sends {@code state} to the datagram socket {@code socket} (a path, or '@' and an abstract name). */
    static void send(String socket, String state) throws IOException {
        byte[] name = socket.getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH_SIZE) {
            throw new IOException("NOTIFY_SOCKET is longer than a UNIX socket name may be: " + socket);
        }
        boolean abstractName = name[0] == '@';
        // struct sockaddr_un: the family in host order, then the name. An abstract name is exactly its bytes (a
        // leading NUL instead of '@', no terminating NUL); a path is NUL-terminated.
        ByteBuffer address = ByteBuffer.allocate(2 + name.length + (abstractName ? 0 : 1)).order(ByteOrder.nativeOrder());
        address.putShort((short) LibC.AF_UNIX).put(name);
        if (abstractName) {
            address.put(2, (byte) 0);
        }
        byte[] message = state.getBytes(StandardCharsets.UTF_8);
        int fd;
        try {
            fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw Errno.exception("sd_notify: socket", e);
        }
        try {
            LibC.sendto(fd, message, message.length, 0, address.array(), address.capacity());
        } catch (LastErrorException e) {
            throw Errno.exception("sd_notify: sendto(" + socket + ")", e);
        } finally {
            LibC.close(fd);
        }
    }
}
