package eu.xtreemos.ds.dsco.ro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * SRv6: the client sends to this node's address with a segment routing header whose last segment is the
 * service address; the kernel processes the header (segments left 1 → 0), puts the service address back
 * as destination and delivers locally. It does so only where {@code seg6_enabled} is set on {@code all}
 * and on the incoming interface, so this sets it everywhere in dsco's network namespace.
 */
final class Srv6NodeDataPlane implements NodeDataPlane {
    private static final Path CONF = Path.of("/proc/sys/net/ipv6/conf");

    @Override
    public void enable() throws IOException {
        Path all = CONF.resolve("all").resolve("seg6_enabled");
        if (!Files.exists(all)) {
            throw new IOException("ro.backend=srv6: this kernel has no IPv6 segment routing (" + all
                    + " is missing; it needs CONFIG_IPV6_SEG6_LWTUNNEL)");
        }
        try (Stream<Path> interfaces = Files.list(CONF)) {
            for (Path i : (Iterable<Path>) interfaces::iterator) {
                Path knob = i.resolve("seg6_enabled");
                if (Files.exists(knob) && !Files.readString(knob).trim().equals("1")) {
                    try {
                        Files.writeString(knob, "1");
                    } catch (IOException e) { // e.g. a container's read-only /proc/sys: someone must do it outside
                        throw new IOException("ro.backend=srv6 needs " + knob + " = 1 and it cannot be set here: " + e, e);
                    }
                }
            }
        }
    }

    @Override
    public String name() {
        return "srv6";
    }
}
