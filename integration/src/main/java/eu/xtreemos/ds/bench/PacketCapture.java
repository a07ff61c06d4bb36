package eu.xtreemos.ds.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the client sees: tcpdump in the client's namespace records the kernel's arrival time of every IPv6
 * TCP packet from the service address (headers only), and this class finds, for a handoff, the last
 * packet of the donor's socket and the first of the receiver's. The two are told apart by their IPv6 flow
 * label: Linux labels a TCP socket's packets from a random per-socket hash, and the restored socket on the
 * receiver gets a new one, so on each connection the label changes exactly at the handoff.
 */
final class PacketCapture implements AutoCloseable {
    /** One packet to the client: arrival (epoch ns), destination address and port, flow label. */
    record Packet(long nanos, InetAddress dst, int dstPort, int label) {
    }

    private final Process process;
    private final Path file;

    private PacketCapture(Process process, Path file) {
        this.process = process;
        this.file = file;
    }

    /** Whether tcpdump is installed (bin/setup installs it). */
    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/tcpdump")) || Files.isExecutable(Path.of("/usr/sbin/tcpdump"));
    }

    /** Starts capturing on {@code dev} in namespace {@code ns}, packets from {@code service}, into {@code file}. */
    static PacketCapture start(String ns, String dev, InetAddress service, Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "tcpdump", "-i", dev, "-n", "-s", "96", "-B", "65536",
                "--time-stamp-precision=nano", "-U", "-w", file.toString(), "ip6 and tcp and src host " + service.getHostAddress())
                .redirectErrorStream(true).start();
        InputStream out = p.getInputStream();
        StringBuilder said = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!said.toString().contains("listening on")) {
            if (out.available() > 0) {
                said.append((char) out.read());
            } else if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("tcpdump did not start: " + said);
            } else {
                Thread.sleep(5);
            }
        }
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(OutputStreamNull.INSTANCE);
            } catch (IOException e) {
                // ended
            }
        }, "tcpdump-out");
        drain.setDaemon(true);
        drain.start();
        return new PacketCapture(p, file);
    }

    /** Stops tcpdump (it writes out what it buffered) and reads the packets, grouped by connection. */
    Map<Flow, List<Packet>> stop() throws IOException, InterruptedException {
        process.destroy(); // SIGTERM: tcpdump flushes and exits
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return read(file);
    }

    /** A connection as the client sees it: its own address and port. */
    record Flow(InetAddress client, int port) {
    }

    static Map<Flow, List<Packet>> read(Path pcap) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap));
        Map<Flow, List<Packet>> flows = new HashMap<>();
        if (b.remaining() < 24) {
            return flows;
        }
        int magic = b.getInt(0);
        if (magic == 0x4d3cb2a1 || magic == 0xd4c3b2a1) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        }
        magic = b.getInt(0);
        boolean nano = magic == 0xa1b23c4d;
        int linkType = b.getInt(20);
        int l2 = switch (linkType) {
            case 1 -> 14;   // Ethernet
            case 113 -> 16; // Linux cooked
            case 276 -> 20; // Linux cooked v2
            case 101 -> 0;  // raw IP
            default -> throw new IOException("capture has link type " + linkType + ", not Ethernet/cooked/raw");
        };
        int at = 24;
        while (at + 16 <= b.limit()) {
            long sec = b.getInt(at) & 0xffffffffL;
            long frac = b.getInt(at + 4) & 0xffffffffL;
            int caplen = b.getInt(at + 8);
            int ip = at + 16 + l2;
            at += 16 + caplen;
            if (at > b.limit() || caplen < l2 + 44) {
                break;
            }
            int first = ((b.get(ip) & 0xff) << 24) | ((b.get(ip + 1) & 0xff) << 16) | ((b.get(ip + 2) & 0xff) << 8) | (b.get(ip + 3) & 0xff);
            if ((first >>> 28) != 6 || (b.get(ip + 6) & 0xff) != 6) {
                continue; // not IPv6 carrying TCP directly
            }
            byte[] dst = new byte[16];
            b.get(ip + 24, dst);
            int port = ((b.get(ip + 42) & 0xff) << 8) | (b.get(ip + 43) & 0xff);
            long nanos = sec * 1_000_000_000L + (nano ? frac : frac * 1000);
            InetAddress d = InetAddress.getByAddress(dst);
            flows.computeIfAbsent(new Flow(d, port), k -> new ArrayList<>()).add(new Packet(nanos, d, port, first & 0xfffff));
        }
        return flows;
    }

    /**
     * The client-visible gap of a handoff on one connection: from the last packet with the label in use
     * before {@code fromNanos} to the first with another label, in ns; -1 if the label did not change
     * within [fromNanos, toNanos].
     */
    static long gap(List<Packet> flow, long fromNanos, long toNanos) {
        int before = -1;
        for (int i = 0; i < flow.size(); i++) {
            Packet p = flow.get(i);
            if (p.nanos() > toNanos) {
                break;
            }
            if (p.nanos() < fromNanos) {
                before = i;
                continue;
            }
            if (before < 0) {
                before = i; // no packet before the window: the first one in it sets the old label
                continue;
            }
            if (p.label() != flow.get(before).label()) {
                return p.nanos() - flow.get(i - 1).nanos();
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Discards tcpdump's own output. */
    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
