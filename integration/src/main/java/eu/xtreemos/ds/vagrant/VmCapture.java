package eu.xtreemos.ds.vagrant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * tcpdump on one of the VMs, writing a pcap file there, fetched afterwards. Headers only (128 bytes of each frame:
 * Ethernet, IPv6, a 24-byte extension header and TCP's ports fit). The capture stops by itself after
 * {@value #MAX_SECONDS} s if nobody stops it.
 */
final class VmCapture {
    private static final int MAX_SECONDS = 1200;

    private final VagrantHosts hosts;
    private final String host;
    private final String file;

    private VmCapture(VagrantHosts hosts, String host, String file) {
        this.hosts = hosts;
        this.host = host;
        this.file = file;
    }

    /** Starts capturing on the interface of {@code host} that holds {@code address}, what {@code filter} selects. */
    static VmCapture start(VagrantHosts hosts, String host, String address, String filter, String name) throws IOException, InterruptedException {
        String dev = hosts.exec(host, "ip", "-o", "-6", "addr", "show", "to", address).trim().split("\\s+")[1];
        String file = "/tmp/" + name + ".pcap";
        String pid = "/run/" + name + ".pid";
        hosts.exec(host, "sudo", "sh", "-c", "rm -f " + file + "; timeout " + MAX_SECONDS + " tcpdump -i " + dev + " -n -s 128 -B 16384 -U"
                + " --time-stamp-precision=nano -w " + file + " '" + filter + "' >/tmp/" + name + ".log 2>&1 </dev/null & echo $! >" + pid);
        for (int i = 0; i < 100; i++) { // tcpdump says so once it is attached
            if (hosts.exec(host, "sudo", "cat", "/tmp/" + name + ".log").contains("listening on")) {
                return new VmCapture(hosts, host, file);
            }
            Thread.sleep(200);
        }
        throw new IOException(host + ": tcpdump did not start: " + hosts.exec(host, "sudo", "cat", "/tmp/" + name + ".log"));
    }

    /** Stops tcpdump (it writes out what it buffered) and copies the capture to {@code local}. */
    byte[] stop(Path local) throws IOException, InterruptedException {
        String pid = "/run/" + Path.of(file).getFileName().toString().replace(".pcap", ".pid");
        hosts.exec(host, "sudo", "sh", "-c", "p=$(cat " + pid + "); kill $p; for i in $(seq 50); do kill -0 $p 2>/dev/null || break; sleep 0.1; done; rm -f " + pid);
        hosts.copy(host, file, local);
        return Files.readAllBytes(local);
    }
}
