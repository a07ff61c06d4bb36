package eu.xtreemos.ds.tcpcp;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** The C library of kmod-tcpcp, loaded from the build (system property tcpcp.library). */
interface TcpcpLibrary extends Library {
    static TcpcpLibrary load() {
        String path = System.getProperty("tcpcp.library", "../kmod-tcpcp/target/native/libtcpcp.so");
        return Native.load(path, TcpcpLibrary.class);
    }

    int tcpcp_freeze(int s);

    Pointer tcpcp_get(int s);

    long tcpcp_size(Pointer ici);

    int tcpcp_create(byte[] ici, long len);

    int tcpcp_activate(int s);

    String tcpcp_last_error();

}
