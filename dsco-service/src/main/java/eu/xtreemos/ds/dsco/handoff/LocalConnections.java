package eu.xtreemos.ds.dsco.handoff;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Established TCP connections to given local addresses and ports in this thread's network namespace,
 * read from /proc/thread-self/net/tcp{,6}: which clients are served here right now, whether they
 * arrived in a handoff or connected directly.
 */
public final class LocalConnections {
    private static final String ESTABLISHED = "01";

    private LocalConnections() {
    }

    /** client address -> number of established connections to one of {@code locals} on one of {@code ports}. */
    public static Map<InetAddress, Integer> clients(Collection<InetAddress> locals, Collection<Integer> ports) throws IOException {
        Map<InetAddress, Integer> out = new LinkedHashMap<>();
        for (String table : new String[] {"tcp6", "tcp"}) {
            Path p = Path.of("/proc/thread-self/net", table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[3].equals(ESTABLISHED)) {
                    continue;
                }
                Endpoint local = parse(f[1]);
                Endpoint remote = parse(f[2]);
                if (local != null && remote != null && locals.contains(local.address()) && ports.contains(local.port())) {
                    out.merge(remote.address(), 1, Integer::sum);
                }
            }
        }
        return out;
    }

    record Endpoint(InetAddress address, int port) {
    }

    /** "0100007F:1F90" or 32 hex digits ":port"; the address is in host order per 32-bit word. */
    static Endpoint parse(String s) {
        int colon = s.indexOf(':');
        if (colon != 8 && colon != 32) {
            return null;
        }
        try {
            byte[] raw = new byte[colon / 2];
            for (int word = 0; word < raw.length / 4; word++) {
                for (int b = 0; b < 4; b++) { // each word is printed as a little-endian u32
                    int hexAt = word * 8 + (3 - b) * 2;
                    raw[word * 4 + b] = (byte) Integer.parseInt(s.substring(hexAt, hexAt + 2), 16);
                }
            }
            InetAddress a = InetAddress.getByAddress(raw);
            return new Endpoint(a, Integer.parseInt(s.substring(colon + 1), 16));
        } catch (NumberFormatException | UnknownHostException e) {
            return null;
        }
    }
}
