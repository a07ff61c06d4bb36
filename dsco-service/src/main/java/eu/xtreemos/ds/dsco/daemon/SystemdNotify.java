package eu.xtreemos.ds.dsco.daemon;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Tells systemd how the service is doing (sd_notify(3), for {@code Type=notify} units): one datagram to the UNIX socket
 * $NOTIFY_SOCKET names, a name starting with '@' being in the abstract namespace. The JDK has no datagram UNIX
 * sockets, hence libc through JNA.
 */
public final class SystemdNotify {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SUN_PATH_SIZE = 108;
    private static final int SUN_FAMILY_SIZE = 2;

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
        SockaddrUn address = new SockaddrUn();
        address.sun_family = AF_UNIX;
        System.arraycopy(name, 0, address.sun_path, 0, name.length);
        if (abstractName) {
            address.sun_path[0] = 0;
        }
        // An abstract name is exactly its bytes (no terminating NUL); a path is NUL-terminated.
        int length = SUN_FAMILY_SIZE + name.length + (abstractName ? 0 : 1);
        byte[] message = state.getBytes(StandardCharsets.UTF_8);
        int fd = Libc.INSTANCE.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("sd_notify: socket: errno " + Native.getLastError());
        }
        try {
            if (Libc.INSTANCE.sendto(fd, message, message.length, 0, address, length) < 0) {
                throw new IOException("sd_notify: sending to " + socket + ": errno " + Native.getLastError());
            }
        } finally {
            Libc.INSTANCE.close(fd);
        }
    }

    /** struct sockaddr_un. */
    @Structure.FieldOrder({"sun_family", "sun_path"})
    public static final class SockaddrUn extends Structure {
        public short sun_family;
        public byte[] sun_path = new byte[SUN_PATH_SIZE];
    }

    private interface Libc extends Library {
        Libc INSTANCE = Native.load("c", Libc.class);

        int socket(int domain, int type, int protocol);

        long sendto(int fd, byte[] buffer, long length, int flags, SockaddrUn address, int addressLength);

        int close(int fd);
    }
}
