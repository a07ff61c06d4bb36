package eu.xtreemos.ds.dsco.ro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Kernel Mobile IPv6 (type 2 routing header, home address option) through XFRM. Needs a kernel built with
 * CONFIG_IPV6_MIP6 (Debian's stock kernels); the per-binding XFRM states are not wired into dsco yet, so
 * this backend refuses to start with a message saying so rather than pretending.
 */
final class XfrmNodeDataPlane implements NodeDataPlane {
    @Override
    public void enable() throws IOException {
        if (!mip6InKernel()) {
            throw new IOException("ro.backend=xfrm: this kernel has no Mobile IPv6 (CONFIG_IPV6_MIP6); use ro.backend=srv6");
        }
        throw new IOException("ro.backend=xfrm: the XFRM Mobile IPv6 data plane is not available in dsco yet; use ro.backend=srv6");
    }

    /** Built in (modules.builtin) or loadable (mip6.ko): the kernel's own list says which. */
    static boolean mip6InKernel() {
        String release = System.getProperty("os.version");
        Path modules = Path.of("/lib/modules", release);
        try {
            Path builtin = modules.resolve("modules.builtin");
            if (Files.exists(builtin) && Files.readString(builtin).contains("/mip6.ko")) {
                return true;
            }
            Path dep = modules.resolve("modules.dep");
            return Files.exists(dep) && Files.readString(dep).contains("/mip6.ko");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "xfrm";
    }
}
