package eu.xtreemos.ds.vagrant;

import eu.xtreemos.ds.dsco.metrics.Percentiles;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a capture on the client's own interface shows of route optimization over the kernel's Mobile IPv6: for
 * every TCP segment that carries new data between the client and the service port, which way it went — the home
 * way (addressed to or from the service address itself, routed by the HA to the contact node) or along a binding
 * (addressed to a node's own address with a type 2 routing header holding the service address; from a node's own
 * address with a home address option holding it). Consecutive segments that went the same way make a
 * {@link Run}; each handoff must switch the way exactly once, in both directions, and a binding must always name
 * the node handed to.
 *
 * <p>Only new data counts (a segment that ends beyond everything seen before on its connection): a frozen socket
 * (TCP_REPAIR) still sends retransmissions when its timer fires, so the donor can repeat data the client already
 * has after the receiver took over — a duplicate the client drops, not a way its data took.
 *
 * <p>Reads pcap files (microsecond or nanosecond, either byte order) of Ethernet, Linux cooked (v1, v2) or raw IP
 * captures; IPv6 extension headers are followed (hop-by-hop, routing, destination options). Pure byte work, so it
 * is tested without VMs.
 */
final class RouteOptimizationCapture {
    private static final int HOP_BY_HOP = 0;
    private static final int TCP = 6;
    private static final int ROUTING = 43;
    private static final int DESTINATION_OPTIONS = 60;
    private static final int MOBILITY_HEADER = 135;
    private static final int BINDING_UPDATE = 5;
    private static final int HOME_ADDRESS_OPTION = 0xc9;

    /**
     * One IPv6 packet as seen: outer addresses, the type 2 routing header's and home address option's address (or
     * null), the upper protocol; for TCP ports, sequence number and data length (-1 if not captured); for a Mobility
     * Header its type and, for a Binding Update, its sequence number (else -1).
     */
    record Packet(long nanos, InetAddress src, InetAddress dst, InetAddress routingHeader2, InetAddress homeAddressOption,
                  int protocol, int sport, int dport, long seq, int dataLength, int mhType, int mhSequence) {
        Packet(long nanos, InetAddress src, InetAddress dst, InetAddress routingHeader2, InetAddress homeAddressOption,
               int protocol, int sport, int dport) {
            this(nanos, src, dst, routingHeader2, homeAddressOption, protocol, sport, dport, -1, -1, -1, -1);
        }
    }

    /** Packets in a row that went the same way: "home" or "via <node address>". */
    record Run(String way, int packets, long firstNanos, long lastNanos) {
    }

    /**
     * The checks' outcome: failures empty means route optimization did what it should. {@code repeatedUpdates}: Binding
     * Updates to the client that repeat an earlier one's sequence number (sent again when the acknowledgement was late).
     */
    record Analysis(List<String> failures, List<Run> upstream, List<Run> downstream, List<Double> gapMillis, List<String> evidence,
                    int bindingUpdates, int repeatedUpdates) {
    }

    private RouteOptimizationCapture() {
    }

    static List<Packet> read(byte[] pcap) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(pcap);
        List<Packet> out = new ArrayList<>();
        if (b.remaining() < 24) {
            throw new IOException("not a pcap file: " + pcap.length + " bytes");
        }
        int magic = b.getInt(0);
        if (magic == 0x4d3cb2a1 || magic == 0xd4c3b2a1) {
            b.order(ByteOrder.LITTLE_ENDIAN);
            magic = b.getInt(0);
        }
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            throw new IOException("not a pcap file (magic " + Integer.toHexString(b.getInt(0)) + ")");
        }
        boolean nano = magic == 0xa1b23c4d;
        int linkType = b.getInt(20);
        int at = 24;
        while (at + 16 <= b.limit()) {
            long sec = b.getInt(at) & 0xffffffffL;
            long frac = b.getInt(at + 4) & 0xffffffffL;
            int caplen = b.getInt(at + 8);
            int frame = at + 16;
            at = frame + caplen;
            if (caplen < 0 || at > b.limit()) {
                break; // cut off at the end (tcpdump stopped mid-write)
            }
            int ip = switch (linkType) {
                case 1 -> ethertype(b, frame + 12) == 0x86dd ? frame + 14 : -1;     // Ethernet
                case 113 -> ethertype(b, frame + 14) == 0x86dd ? frame + 16 : -1;   // Linux cooked
                case 276 -> ethertype(b, frame) == 0x86dd ? frame + 20 : -1;        // Linux cooked v2
                case 101 -> frame;                                                  // raw IP
                default -> throw new IOException("capture has link type " + linkType + ", not Ethernet, Linux cooked or raw IP");
            };
            if (ip >= 0) {
                Packet p = ipv6(b, ip, at, sec * 1_000_000_000L + (nano ? frac : frac * 1000));
                if (p != null) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static int ethertype(ByteBuffer b, int at) {
        return ((b.get(at) & 0xff) << 8) | (b.get(at + 1) & 0xff);
    }

    /** An IPv6 packet from {@code ip} up to {@code end} (the captured bytes), or null if it is none or too short. */
    private static Packet ipv6(ByteBuffer b, int ip, int end, long nanos) throws UnknownHostException {
        if (end - ip < 40 || (b.get(ip) & 0xf0) != 0x60) {
            return null;
        }
        int payloadLength = ((b.get(ip + 4) & 0xff) << 8) | (b.get(ip + 5) & 0xff);
        InetAddress src = address(b, ip + 8);
        InetAddress dst = address(b, ip + 24);
        InetAddress rh2 = null, hao = null;
        int next = b.get(ip + 6) & 0xff;
        int at = ip + 40;
        while ((next == HOP_BY_HOP || next == ROUTING || next == DESTINATION_OPTIONS) && at + 8 <= end) {
            int len = ((b.get(at + 1) & 0xff) + 1) * 8;
            if (next == ROUTING && (b.get(at + 2) & 0xff) == 2 && at + 24 <= end) {
                rh2 = address(b, at + 8);
            } else if (next == DESTINATION_OPTIONS) {
                hao = homeAddressOption(b, at + 2, Math.min(at + len, end), hao);
            }
            next = b.get(at) & 0xff;
            at += len;
        }
        int sport = -1, dport = -1, data = -1, mhType = -1, mhSequence = -1;
        long seq = -1;
        if (next == TCP && at + 4 <= end) {
            sport = ((b.get(at) & 0xff) << 8) | (b.get(at + 1) & 0xff);
            dport = ((b.get(at + 2) & 0xff) << 8) | (b.get(at + 3) & 0xff);
            if (at + 13 <= end) {
                seq = b.getInt(at + 4) & 0xffffffffL;
                data = payloadLength - (at - ip - 40) - ((b.get(at + 12) & 0xf0) >> 2);
            }
        } else if (next == MOBILITY_HEADER && at + 3 <= end) {
            mhType = b.get(at + 2) & 0xff;
            if (mhType == BINDING_UPDATE && at + 8 <= end) {
                mhSequence = ((b.get(at + 6) & 0xff) << 8) | (b.get(at + 7) & 0xff);
            }
        }
        return new Packet(nanos, src, dst, rh2, hao, next, sport, dport, seq, data, mhType, mhSequence);
    }

    /** The home address option among the options from {@code at} to {@code end}, or {@code found}. */
    private static InetAddress homeAddressOption(ByteBuffer b, int at, int end, InetAddress found) throws UnknownHostException {
        while (at < end) {
            int type = b.get(at) & 0xff;
            if (type == 0) { // Pad1
                at++;
                continue;
            }
            if (at + 2 > end) {
                break;
            }
            int len = b.get(at + 1) & 0xff;
            if (type == HOME_ADDRESS_OPTION && len == 16 && at + 18 <= end) {
                return address(b, at + 2);
            }
            at += 2 + len;
        }
        return found;
    }

    private static InetAddress address(ByteBuffer b, int at) throws UnknownHostException {
        byte[] a = new byte[16];
        b.get(at, a);
        return Inet6Address.getByAddress(null, a, null);
    }

    /**
     * Checks the client's TCP data to and from {@code service}:{@code port} over a run of {@code handoffs}
     * handoffs contact → server → contact ..., which started with the client on the contact node: each way, the
     * data must go home, then along the binding to {@code server} (and only it), then home ... — one switch per
     * handoff, never back and forth. The client-side gap of a handoff is the silence in the data the client
     * receives at the switch: the last new data from the donor to the first from the receiver. Also counts the
     * Binding Updates to the client, and those that repeat an earlier sequence number.
     */
    static Analysis analyse(List<Packet> packets, InetAddress client, InetAddress service, int port, InetAddress server, int handoffs) {
        List<String> failures = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        List<Packet> up = new ArrayList<>();
        List<Packet> down = new ArrayList<>();
        java.util.Map<String, Long> ends = new java.util.HashMap<>(); // per connection and direction: end of the data seen
        java.util.Set<Integer> updateSequences = new java.util.HashSet<>();
        int updates = 0, repeated = 0;
        for (Packet p : packets) {
            if (p.protocol() == MOBILITY_HEADER && p.mhType() == BINDING_UPDATE && p.dst().equals(client)) {
                updates++;
                repeated += updateSequences.add(p.mhSequence()) ? 0 : 1;
            }
            if (p.protocol() != TCP) {
                continue;
            }
            boolean upstream = p.src().equals(client) && p.dport() == port;
            boolean downstream = p.dst().equals(client) && p.sport() == port;
            if ((upstream || downstream) && newData(p, (upstream ? "up " + p.sport() : "down " + p.dport()), ends)) {
                (upstream ? up : down).add(p);
            }
        }
        List<Run> upstream = runs(up, p -> upstreamWay(p, service), failures, "client → service");
        List<Run> downstream = runs(down, p -> downstreamWay(p, service), failures, "service → client");
        check(upstream, "client → service", server, handoffs, failures);
        check(downstream, "service → client", server, handoffs, failures);
        List<Double> gaps = new ArrayList<>();
        for (int i = 1; i < downstream.size(); i++) {
            gaps.add((downstream.get(i).firstNanos() - downstream.get(i - 1).lastNanos()) / 1e6);
        }
        up.stream().filter(p -> p.routingHeader2() != null).findFirst().ifPresent(p -> evidence.add(String.format(
                "client → service along the binding (%d segments with new data): %s > %s, type 2 routing header [%s], TCP %d > %d",
                up.stream().filter(q -> q.routingHeader2() != null).count(), text(p.src()), text(p.dst()), text(p.routingHeader2()),
                p.sport(), p.dport())));
        down.stream().filter(p -> p.homeAddressOption() != null).findFirst().ifPresent(p -> evidence.add(String.format(
                "service → client along the binding (%d segments with new data): %s > %s, home address option [%s], TCP %d > %d",
                down.stream().filter(q -> q.homeAddressOption() != null).count(), text(p.src()), text(p.dst()),
                text(p.homeAddressOption()), p.sport(), p.dport())));
        return new Analysis(failures, upstream, downstream, gaps, evidence, updates, repeated);
    }

    /** Whether the segment carries data beyond all seen before on its connection (sequence numbers modulo 2^32). */
    private static boolean newData(Packet p, String connection, java.util.Map<String, Long> ends) {
        if (p.dataLength() <= 0) {
            return false;
        }
        long end = (p.seq() + p.dataLength()) & 0xffffffffL;
        Long seen = ends.get(connection);
        if (seen != null && (int) (end - seen) <= 0) {
            return false;
        }
        ends.put(connection, end);
        return true;
    }

    /** Home (to the service address itself), via the node in the outer destination (RH2 holding the service address), or null. */
    private static String upstreamWay(Packet p, InetAddress service) {
        if (p.routingHeader2() == null) {
            return p.dst().equals(service) ? "home" : null;
        }
        return p.routingHeader2().equals(service) ? "via " + text(p.dst()) : null;
    }

    private static String downstreamWay(Packet p, InetAddress service) {
        if (p.homeAddressOption() == null) {
            return p.src().equals(service) ? "home" : null;
        }
        return p.homeAddressOption().equals(service) ? "via " + text(p.src()) : null;
    }

    private static List<Run> runs(List<Packet> packets, java.util.function.Function<Packet, String> way, List<String> failures, String what) {
        List<Run> runs = new ArrayList<>();
        int odd = 0;
        Packet firstOdd = null;
        for (Packet p : packets) {
            String w = way.apply(p);
            if (w == null) {
                odd++;
                firstOdd = firstOdd == null ? p : firstOdd;
                continue;
            }
            Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last.way().equals(w)) {
                runs.set(runs.size() - 1, new Run(w, last.packets() + 1, last.firstNanos(), p.nanos()));
            } else {
                runs.add(new Run(w, 1, p.nanos(), p.nanos()));
            }
        }
        if (odd > 0) {
            failures.add(what + ": " + odd + " segments neither to/from the service address nor along a binding for it, e.g. " + firstOdd);
        }
        return runs;
    }

    private static void check(List<Run> runs, String what, InetAddress server, int handoffs, List<String> failures) {
        String bound = "via " + text(server);
        List<String> ways = runs.stream().map(Run::way).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i <= handoffs; i++) {
            expected.add(i % 2 == 0 ? "home" : bound);
        }
        if (!ways.equals(expected)) {
            failures.add(what + ": expected the ways " + summary(expected) + " (one switch per handoff), saw " + summary(ways));
        }
    }

    private static String summary(List<String> ways) {
        if (ways.size() <= 6) {
            return ways.toString();
        }
        return "[" + String.join(", ", ways.subList(0, 3)) + ", ... (" + ways.size() + " in all) ..., "
                + String.join(", ", ways.subList(ways.size() - 2, ways.size())) + "]";
    }

    private static String text(InetAddress a) {
        return eu.xtreemos.ds.rtnl.IpPrefix.text(Objects.requireNonNull(a));
    }

    /** The client-side gaps as "median m ms, worst w ms" (nearest rank, {@link Percentiles}). */
    static String gapSummary(List<Double> gaps) {
        if (gaps.isEmpty()) {
            return "no switch seen";
        }
        List<Double> s = new ArrayList<>(gaps);
        s.sort(null);
        return String.format("median %.1f ms, worst %.1f ms", Percentiles.of(s, 50), s.get(s.size() - 1));
    }

    /** For the report: how many packets went each way, run by run. */
    static String describe(List<Run> runs) {
        StringBuilder b = new StringBuilder();
        for (Run r : runs) {
            b.append(b.isEmpty() ? "" : ", ").append(r.way()).append(" ").append(r.packets());
        }
        return b.toString();
    }
}
