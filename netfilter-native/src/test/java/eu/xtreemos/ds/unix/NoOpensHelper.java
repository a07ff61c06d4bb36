package eu.xtreemos.ds.unix;

import com.sun.jna.LastErrorException;
import eu.xtreemos.ds.kernel.LibC;

/**
 * Child JVM started without --add-opens: tries FdChannels.adopt and prints what happened, and
 * whether the fd it handed over was closed.
 */
public final class NoOpensHelper {
    public static void main(String[] args) {
        int fd = LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM, 0);
        try {
            FdChannels.adopt(fd).close();
            System.out.println("adopted?!");
        } catch (Exception e) {
            System.out.println(e.getClass().getName() + ": " + e.getMessage());
        }
        try {
            LibC.fcntl(fd, LibC.F_GETFD, 0);
            System.out.println("fd still open");
        } catch (LastErrorException e) {
            System.out.println("fd closed");
        }
    }
}
