package eu.xtreemos.ds.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the client sees: tcpdump in the client's namespace records the kernel's arrival time of every IPv6
 * TCP packet from the service address (headers only), and this class finds, for a handoff, the client-visible
 * gap on one connection (see {@link #gap}). The donor's socket and the receiver's are told apart by their IPv6
 * flow label: Linux labels a TCP socket's packets from a random per-socket hash, and the restored socket on the
 * receiver gets a new one, so on each connection the label changes exactly at the handoff.
 */
final class PacketCapture implements AutoCloseable {
    /**
     * One packet to the client: arrival (epoch ns), destination address and port, flow label, TCP sequence number
     * and payload length; {@code fresh} if it carries new server data: payload reaching beyond every sequence
     * number the client has received from the server on the connection before it (in capture order).
     */
    record Packet(long nanos, InetAddress dst, int dstPort, int label, int seq, int payload, boolean fresh) {
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

    /**
     * Starts capturing on {@code dev} in namespace {@code ns}, TCP packets from any of {@code sources} (the service
     * address, and the nodes' own addresses that bindings may carry it from), into {@code file}. Connections are told
     * apart by the client's port alone, so a connection keeps one flow whichever source its packets show.
     */
    static PacketCapture start(String ns, String dev, List<InetAddress> sources, Path file) throws IOException, InterruptedException {
        String hosts = String.join(" or ", sources.stream().map(a -> "src host " + a.getHostAddress()).toList());
        // --immediate-mode: each packet reaches tcpdump (and with -U the file) as it arrives, not in blocks the
        // kernel hands over when full or after a timeout, so a handoff's last packets are there when it is judged.
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "tcpdump", "-i", dev, "-n", "-s", "96", "-B", "65536",
                "--time-stamp-precision=nano", "--immediate-mode", "-U", "-w", file.toString(),
                "ip6 and tcp and (" + hosts + ")")
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

    /** All packets of a capture file, grouped by connection, each list in capture order. */
    static Map<Flow, List<Packet>> read(Path pcap) throws IOException {
        return new Reader(pcap).read();
    }

    /**
     * Reads a capture file as tcpdump writes it: each {@link #read} takes the whole records written since the last
     * one (a record still being written is left for the next) and adds them to the connections' lists.
     */
    static final class Reader {
        private final Path file;
        private final Map<Flow, List<Packet>> flows = new HashMap<>();
        /** Per connection: the end of the highest new data so far ({@link #fresh}), once there is some. */
        private final Map<Flow, Integer> highest = new HashMap<>();
        private long offset;
        private ByteOrder order;
        private boolean nano;
        private int l2 = -1;

        Reader(Path file) {
            this.file = file;
        }

        /** The packets so far, grouped by connection; the lists grow with later reads. */
        synchronized Map<Flow, List<Packet>> read() throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = ch.size();
                if (l2 < 0) {
                    if (size < 24) {
                        return flows;
                    }
                    header(ch);
                    offset = 24;
                }
                if (size <= offset) {
                    return flows;
                }
                ByteBuffer b = ByteBuffer.allocate((int) Math.min(size - offset, 64 << 20)).order(order);
                while (b.hasRemaining() && ch.read(b, offset + b.position()) > 0) {
                    // until the buffer is full or the end of what is written
                }
                b.flip();
                offset += records(b);
            }
            return flows;
        }

        private void header(FileChannel ch) throws IOException {
            ByteBuffer h = ByteBuffer.allocate(24);
            ch.read(h, 0);
            int magic = h.getInt(0);
            order = magic == 0x4d3cb2a1 || magic == 0xd4c3b2a1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            h.order(order);
            nano = h.getInt(0) == 0xa1b23c4d;
            int linkType = h.getInt(20);
            l2 = switch (linkType) {
                case 1 -> 14;   // Ethernet
                case 113 -> 16; // Linux cooked
                case 276 -> 20; // Linux cooked v2
                case 101 -> 0;  // raw IP
                default -> throw new IOException("capture has link type " + linkType + ", not Ethernet/cooked/raw");
            };
        }

        /** Adds the whole records in {@code b}; returns how many bytes they take. */
        private int records(ByteBuffer b) throws IOException {
            ByteBuffer net = b.duplicate().order(ByteOrder.BIG_ENDIAN); // the packets themselves: network byte order
            int at = 0;
            while (at + 16 <= b.limit()) {
                long sec = b.getInt(at) & 0xffffffffL;
                long frac = b.getInt(at + 4) & 0xffffffffL;
                int caplen = b.getInt(at + 8);
                int origLen = b.getInt(at + 12);
                int ip = at + 16 + l2;
                if (at + 16 + caplen > b.limit()) {
                    break; // not all written yet
                }
                at += 16 + caplen;
                if (caplen < l2 + 40 + 20) {
                    continue; // not even a TCP header
                }
                int first = net.getInt(ip);
                if ((first >>> 28) != 6 || (net.get(ip + 6) & 0xff) != 6) {
                    continue; // not IPv6 carrying TCP directly
                }
                int tcp = ip + 40;
                byte[] dst = new byte[16];
                net.get(ip + 24, dst);
                int port = net.getShort(tcp + 2) & 0xffff;
                int seq = net.getInt(tcp + 4);
                int headerBytes = ((net.get(tcp + 12) & 0xff) >>> 4) * 4;
                int ipPayload = net.getShort(ip + 4) & 0xffff;
                if (ipPayload == 0) { // a coalesced packet over 64 KiB has no IPv6 length: the wire length tells
                    ipPayload = origLen - l2 - 40;
                }
                int payload = Math.max(0, ipPayload - headerBytes);
                long nanos = sec * 1_000_000_000L + (nano ? frac : frac * 1000);
                Flow f = new Flow(InetAddress.getByAddress(dst), port);
                flows.computeIfAbsent(f, k -> new ArrayList<>())
                        .add(new Packet(nanos, f.client(), port, first & 0xfffff, seq, payload, fresh(f, seq, payload)));
            }
            return at;
        }

        /**
         * Whether a segment carries new server data: payload reaching beyond every sequence number the client has
         * received on the connection before it. Only a segment with payload moves that mark: a pure ACK or a probe
         * carries the sender's next sequence number, and the client may lack data up to it (lost on the way).
         */
        private boolean fresh(Flow f, int seq, int payload) {
            if (payload == 0) {
                return false;
            }
            int end = seq + payload;
            Integer h = highest.get(f);
            if (h != null && end - h <= 0) { // sequence numbers wrap: compare the difference
                return false;
            }
            highest.put(f, end);
            return true;
        }
    }

    /**
     * The client-visible gap of a handoff on one connection, in ns: from the arrival of the last new server data
     * sent by the donor's socket to the arrival of the first new server data sent by the receiver's, where new
     * server data is a segment whose payload reaches beyond every sequence number the client has received from
     * the server on the connection ({@link Packet#fresh}). A window probe, a pure ACK or a retransmission of
     * data the client has, all of which a restored socket may send when it is activated, give the client
     * nothing new: they neither end the gap nor start it. The donor's socket is the one whose label carried the
     * last new data before {@code fromNanos} (the handoff's start; or the first in the window if none came
     * before); the receiver's is any other label. Returns -1 if no new server data with another label arrived in
     * [fromNanos, toNanos].
     */
    static long gap(List<Packet> flow, long fromNanos, long toNanos) {
        int start = firstAtOrAfter(flow, fromNanos);
        Packet donor = null;
        for (int i = start - 1; i >= 0 && donor == null; i--) {
            donor = flow.get(i).fresh() ? flow.get(i) : null;
        }
        for (int i = start; i < flow.size(); i++) {
            Packet p = flow.get(i);
            if (p.nanos() > toNanos) {
                break;
            }
            if (!p.fresh()) {
                continue;
            }
            if (donor == null || p.label() == donor.label()) {
                donor = p;
                continue;
            }
            return p.nanos() - donor.nanos();
        }
        return -1;
    }

    /** The index of the first packet that arrived at or after {@code nanos} (capture order is arrival order). */
    private static int firstAtOrAfter(List<Packet> flow, long nanos) {
        int lo = 0, hi = flow.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (flow.get(mid).nanos() < nanos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** What a connection's capture holds in [fromNanos, toNanos]: packets per label, how many carried new data. */
    static String describe(List<Packet> flow, long fromNanos, long toNanos) {
        Map<Integer, int[]> byLabel = new java.util.LinkedHashMap<>();
        for (Packet p : flow) {
            if (p.nanos() >= fromNanos && p.nanos() <= toNanos) {
                int[] n = byLabel.computeIfAbsent(p.label(), k -> new int[2]);
                n[0]++;
                n[1] += p.fresh() ? 1 : 0;
            }
        }
        if (byLabel.isEmpty()) {
            return "no packet";
        }
        StringBuilder s = new StringBuilder();
        byLabel.forEach((label, n) -> s.append(String.format("label %05x: %d packets, %d with new data; ", label, n[0], n[1])));
        return s.substring(0, s.length() - 2);
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
