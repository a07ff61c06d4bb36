package eu.xtreemos.ds.dsco.peer;

import eu.xtreemos.ds.dsco.peer.HandoffMessage.Prepare;
import eu.xtreemos.ds.dsco.peer.HandoffMessage.Prepared;
import eu.xtreemos.ds.dsco.peer.HandoffMessage.Commit;
import eu.xtreemos.ds.dsco.peer.HandoffMessage.Committed;
import eu.xtreemos.ds.dsco.peer.HandoffMessage.Abort;
import eu.xtreemos.ds.dsco.peer.HandoffMessage.StatusQuery;
import eu.xtreemos.ds.dsco.peer.HandoffMessage.StatusReply;
import eu.xtreemos.ds.dsco.peer.SteeringMessage.Steer;
import eu.xtreemos.ds.dsco.peer.SteeringMessage.SetContact;
import eu.xtreemos.ds.dsco.peer.SteeringMessage.ClientsQuery;
import eu.xtreemos.ds.dsco.peer.SteeringMessage.ClientsReply;
import eu.xtreemos.ds.dsco.peer.SteeringMessage.ContactQuery;
import eu.xtreemos.ds.dsco.peer.SteeringMessage.ContactChanged;
import eu.xtreemos.ds.dsco.peer.SteeringMessage.NodeJoined;
import eu.xtreemos.ds.dsco.peer.SteeringMessage.NodeLeft;
import eu.xtreemos.ds.dsco.peer.GroupMessage.NodeAdded;
import eu.xtreemos.ds.dsco.peer.GroupMessage.NodeRemoved;
import eu.xtreemos.ds.dsco.peer.GroupMessage.SuccessorsSet;
import eu.xtreemos.ds.dsco.peer.RouteOptimizationMessage.HomeTestRelay;
import eu.xtreemos.ds.dsco.peer.RouteOptimizationMessage.HomeTestRelayed;
import eu.xtreemos.ds.dsco.peer.RouteOptimizationMessage.RouteOptimize;
import eu.xtreemos.ds.tcp.ConnectionStateCodec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Messages between cluster members, carried inside a {@link SecureChannel} frame
 * (docs/dsco-protocol.md, "Node to node"), one kind per conversation: {@link HandoffMessage},
 * {@link SteeringMessage}, {@link RouteOptimizationMessage}, {@link GroupMessage},
 * {@link ProtectMessage}, and {@link Result}, the answer any of them may get.
 * The codec is here, one type byte per message across all of them. Decoding checks every length against a limit and
 * throws {@link IOException} naming what is wrong.
 */
public sealed interface PeerMessage permits HandoffMessage, SteeringMessage, RouteOptimizationMessage, GroupMessage, ProtectMessage,
        PeerMessage.Result {
    /** Connections of one client in a Prepare (the API passes any number, in parts); the frame size bounds the bytes. */
    int MAX_CONNECTIONS = 65_536;
    int MAX_PACKETS = 4096;
    int MAX_PACKET = 65_575;
    int MAX_BLOB = 64 * 1024;
    int MAX_TEXT = 4096;
    /** Names in a SuccessorsSet: as many as the HA agent has node marks. */
    int MAX_NODES = 255;

    /** A generic answer: done, or not and why. */
    record Result(boolean ok, String reason) implements PeerMessage {
    }

    /**
     * The message's bytes, in an array of exactly their size: a Prepare carries the connections' queues (megabytes
     * for a busy client), and a growing buffer would hold up to three times that at once (dsco's heap is small).
     */
    static byte[] encode(PeerMessage m) {
        try {
            DataOutputStream counter = new DataOutputStream(OutputStream.nullOutputStream());
            write(m, counter);
            ExactBuffer bytes = new ExactBuffer(counter.size());
            write(m, new DataOutputStream(bytes));
            return bytes.filled();
        } catch (IOException e) {
            throw new IllegalStateException(e); // in-memory stream
        }
    }

    private static void write(PeerMessage m, DataOutputStream out) throws IOException {
        if (m instanceof Prepare p) {
            out.writeByte(1);
            out.writeLong(p.id());
            text(out, p.service());
            address(out, p.client());
            text(out, p.donor());
            blob(out, p.appState());
            list(out, p.states());
        } else if (m instanceof Prepared p) {
            out.writeByte(2);
            out.writeLong(p.id());
            out.writeBoolean(p.ok());
            text(out, p.reason());
            out.writeLong(p.restoreNanos());
        } else if (m instanceof Commit c) {
            out.writeByte(3);
            out.writeLong(c.id());
            list(out, c.packets());
        } else if (m instanceof Committed c) {
            out.writeByte(4);
            out.writeLong(c.id());
            out.writeBoolean(c.ok());
            text(out, c.reason());
            out.writeLong(c.activateNanos());
        } else if (m instanceof Abort a) {
            out.writeByte(5);
            out.writeLong(a.id());
        } else if (m instanceof StatusQuery q) {
            out.writeByte(6);
            out.writeLong(q.id());
        } else if (m instanceof StatusReply r) {
            out.writeByte(7);
            out.writeLong(r.id());
            text(out, r.state());
        } else if (m instanceof Steer s) {
            out.writeByte(8);
            text(out, s.service());
            address(out, s.client());
            text(out, s.node());
        } else if (m instanceof SetContact s) {
            out.writeByte(9);
            text(out, s.service());
            text(out, s.node());
            out.writeShort(s.pinned().size());
            for (InetAddress a : s.pinned()) {
                address(out, a);
            }
        } else if (m instanceof ClientsQuery q) {
            out.writeByte(11);
            text(out, q.service());
        } else if (m instanceof ClientsReply r) {
            out.writeByte(12);
            out.writeShort(r.clients().size());
            for (InetAddress a : r.clients()) {
                address(out, a);
            }
        } else if (m instanceof ContactChanged c) {
            out.writeByte(13);
            text(out, c.node());
        } else if (m instanceof ContactQuery q) {
            out.writeByte(14);
            text(out, q.service());
        } else if (m instanceof HomeTestRelay h) {
            out.writeByte(15);
            text(out, h.service());
            address(out, h.client());
            out.writeLong(h.cookie());
        } else if (m instanceof HomeTestRelayed h) {
            out.writeByte(16);
            out.writeBoolean(h.ok());
            text(out, h.reason());
            out.writeShort(h.nonceIndex());
            out.writeLong(h.cookie());
            out.writeLong(h.token());
            out.writeShort(h.sequence());
        } else if (m instanceof RouteOptimize r) {
            out.writeByte(17);
            text(out, r.service());
            address(out, r.client());
        } else if (m instanceof NodeAdded n) {
            out.writeByte(18);
            text(out, n.node());
            address(out, n.address());
        } else if (m instanceof NodeRemoved n) {
            out.writeByte(19);
            text(out, n.node());
        } else if (m instanceof SuccessorsSet n) {
            out.writeByte(20);
            out.writeShort(n.nodes().size());
            for (String node : n.nodes()) {
                text(out, node);
            }
        } else if (m instanceof NodeJoined n) {
            out.writeByte(21);
            text(out, n.node());
            address(out, n.address());
        } else if (m instanceof NodeLeft n) {
            out.writeByte(22);
            text(out, n.node());
        } else if (m instanceof ProtectMessage.Checkpoint c) {
            out.writeByte(23);
            text(out, c.service());
            address(out, c.client());
            out.writeLong(c.sequence());
            blob(out, c.appState());
            list(out, c.states());
        } else if (m instanceof ProtectMessage.CheckpointAck a) {
            out.writeByte(24);
            out.writeLong(a.sequence());
            out.writeBoolean(a.ok());
            text(out, a.reason());
        } else if (m instanceof ProtectMessage.Forget f) {
            out.writeByte(25);
            text(out, f.service());
            address(out, f.client());
        } else if (m instanceof Result r) {
            out.writeByte(10);
            out.writeBoolean(r.ok());
            text(out, r.reason());
        }
    }

    static PeerMessage decode(byte[] raw) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw));
        try {
            int type = in.readUnsignedByte();
            PeerMessage m = switch (type) {
                case 1 -> new Prepare(in.readLong(), text(in), address(in), text(in), blob(in, MAX_BLOB),
                        list(in, MAX_CONNECTIONS, ConnectionStateCodec.MAX_RECORD, "connection state"));
                case 2 -> new Prepared(in.readLong(), in.readBoolean(), text(in), in.readLong());
                case 3 -> new Commit(in.readLong(), list(in, MAX_PACKETS, MAX_PACKET, "packet"));
                case 4 -> new Committed(in.readLong(), in.readBoolean(), text(in), in.readLong());
                case 5 -> new Abort(in.readLong());
                case 6 -> new StatusQuery(in.readLong());
                case 7 -> new StatusReply(in.readLong(), text(in));
                case 8 -> new Steer(text(in), address(in), text(in));
                case 9 -> {
                    String service = text(in), node = text(in);
                    int n = in.readUnsignedShort();
                    List<InetAddress> pinned = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        pinned.add(address(in));
                    }
                    yield new SetContact(service, node, pinned);
                }
                case 10 -> new Result(in.readBoolean(), text(in));
                case 11 -> new ClientsQuery(text(in));
                case 12 -> {
                    int n = in.readUnsignedShort();
                    List<InetAddress> clients = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        clients.add(address(in));
                    }
                    yield new ClientsReply(clients);
                }
                case 13 -> new ContactChanged(text(in));
                case 14 -> new ContactQuery(text(in));
                case 15 -> new HomeTestRelay(text(in), address(in), in.readLong());
                case 16 -> new HomeTestRelayed(in.readBoolean(), text(in), in.readUnsignedShort(), in.readLong(), in.readLong(),
                        in.readUnsignedShort());
                case 17 -> new RouteOptimize(text(in), address(in));
                case 18 -> new NodeAdded(text(in), address(in));
                case 19 -> new NodeRemoved(text(in));
                case 20 -> {
                    int n = in.readUnsignedShort();
                    if (n > MAX_NODES) {
                        throw new IOException(n + " successors (limit " + MAX_NODES + ")");
                    }
                    List<String> nodes = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        nodes.add(text(in));
                    }
                    yield new SuccessorsSet(List.copyOf(nodes));
                }
                case 21 -> new NodeJoined(text(in), address(in));
                case 22 -> new NodeLeft(text(in));
                case 23 -> {
                    String service = text(in);
                    InetAddress client = address(in);
                    long sequence = in.readLong();
                    byte[] appState = blob(in, MAX_BLOB);
                    yield new ProtectMessage.Checkpoint(service, client, sequence,
                            list(in, MAX_CONNECTIONS, ConnectionStateCodec.MAX_RECORD, "connection state"), appState);
                }
                case 24 -> new ProtectMessage.CheckpointAck(in.readLong(), in.readBoolean(), text(in));
                case 25 -> new ProtectMessage.Forget(text(in), address(in));
                default -> throw new IOException("unknown peer message type " + type);
            };
            if (in.available() > 0) {
                throw new IOException(in.available() + " stray bytes after a peer message of type " + type);
            }
            return m;
        } catch (EOFException e) {
            throw new IOException("peer message cut short");
        }
    }

    /** UTF-8, cut to {@link #MAX_TEXT} bytes at a character boundary (a long reason is shortened, not broken). */
    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(b.length, MAX_TEXT);
        while (n < b.length && (b[n] & 0xc0) == 0x80) {
            n--; // b[n] continues a character: cut before that character starts
        }
        out.writeShort(n);
        out.write(b, 0, n);
    }

    /** Refuses bytes that are not UTF-8: replacing them would make a text that does not encode back to them. */
    private static String text(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        if (n > MAX_TEXT) {
            throw new IOException("text of " + n + " bytes (limit " + MAX_TEXT + ")");
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException();
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("text of " + n + " bytes is not UTF-8");
        }
    }

    private static void address(DataOutputStream out, InetAddress a) throws IOException {
        out.writeByte(a instanceof Inet4Address ? 4 : 6);
        out.write(Arrays.copyOf(a.getAddress(), 16));
    }

    private static InetAddress address(DataInputStream in) throws IOException {
        int family = in.readUnsignedByte();
        byte[] b = in.readNBytes(16);
        if (b.length != 16) {
            throw new EOFException();
        }
        if (family == 4) {
            return InetAddress.getByAddress(Arrays.copyOf(b, 4));
        }
        if (family == 6) {
            return InetAddress.getByAddress(b);
        }
        throw new IOException("address family " + family + " (expected 4 or 6)");
    }

    private static void blob(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] blob(DataInputStream in, int max) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new IOException("field of " + n + " bytes (limit " + max + ")");
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException();
        }
        return b;
    }

    private static void list(DataOutputStream out, List<byte[]> items) throws IOException {
        out.writeShort(items.size());
        for (byte[] b : items) {
            blob(out, b);
        }
    }

    private static List<byte[]> list(DataInputStream in, int maxItems, int maxItem, String what) throws IOException {
        int n = in.readUnsignedShort();
        if (n > maxItems) {
            throw new IOException(n + " " + what + "s (limit " + maxItems + ")");
        }
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(blob(in, maxItem));
        }
        return out;
    }
}
