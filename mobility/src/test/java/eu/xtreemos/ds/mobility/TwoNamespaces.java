package eu.xtreemos.ds.mobility;

import eu.xtreemos.ds.tcp.ScratchNamespace;

/**
 * A correspondent and a mobile node in two scratch namespaces joined by a veth pair on fd00:d5:ed::/64
 * (no duplicate address detection): correspondent ::1; mobile node care-of ::2 and home ::100. Both
 * namespaces go away on close, also when setting up fails half way.
 */
final class TwoNamespaces implements AutoCloseable {
    final ScratchNamespace correspondent;
    final ScratchNamespace mobile;

    TwoNamespaces() throws Exception {
        ScratchNamespace cn = new ScratchNamespace("dsmip-cn");
        ScratchNamespace mn = null;
        try {
            mn = new ScratchNamespace("dsmip-mn");
            check(ScratchNamespace.sh("ip", "-n", cn.name, "link", "add", "eth0", "type", "veth",
                    "peer", "name", "eth0", "netns", mn.name), "veth pair");
            check(cn.exec("ip", "addr", "add", "fd00:d5:ed::1/64", "dev", "eth0", "nodad"), "correspondent address");
            check(mn.exec("ip", "addr", "add", "fd00:d5:ed::2/64", "dev", "eth0", "nodad"), "care-of address");
            check(mn.exec("ip", "addr", "add", "fd00:d5:ed::100/64", "dev", "eth0", "nodad"), "home address");
            check(cn.exec("ip", "link", "set", "eth0", "up"), "link up");
            check(mn.exec("ip", "link", "set", "eth0", "up"), "link up");
        } catch (Exception | Error e) {
            if (mn != null) {
                mn.close();
            }
            cn.close();
            throw e;
        }
        this.correspondent = cn;
        this.mobile = mn;
    }

    private static void check(int rc, String what) {
        if (rc != 0) {
            throw new IllegalStateException("setting up " + what + " failed (exit " + rc + ")");
        }
    }

    @Override
    public void close() throws Exception {
        try {
            mobile.close();
        } finally {
            correspondent.close();
        }
    }
}
